import OIDC

/// What the handlers work with, resolved once per process from complete settings: valid by construction, so a
/// handler that has one never checks a setting again. The CGI and `check-config` resolve it the same way.
struct Configuration: Sendable {
    let clientID: String
    let credential: CredentialSetting
    /// The authority of sign-in (for Azure AD B2C: the sign-up/sign-in user flow's).
    let authority: Authority
    /// Azure AD B2C's other user flows, when configured.
    let userFlows: UserFlows
    let vault: VaultKeys
    let redirectPath: String
    /// `REDIRECT_URI` when set; otherwise the callback URL is computed from each request.
    let redirectURI: String?
    let scopes: [String]
    let endpoint: String?
    /// `COOKIE_PATH` when set; otherwise the script's path.
    let cookiePath: String?
    let protectedDir: String?
    let rules: AccessRules
    let prompt: String?
    let trustForwardedHeaders: Bool
    let sessionIdleTimeout: Int64
    let sessionMaxLifetime: Int64

    /// The scopes of every authorization and refresh request: OpenID's plus the downstream API's.
    let requestedScopes: [String]

    /// The configuration, or every problem that keeps the settings from making one (each named once).
    static func resolve(_ settings: Settings) -> ResolvedConfiguration {
        var problems = ConfigurationProblems(missing: settings.missing, invalid: settings.invalid, file: settings.settingsFileProblem)
        var authority: Authority?
        var flows = UserFlows.none
        do {
            let resolved = try AuthoritySettings(settings).resolve()
            authority = resolved.signIn
            flows = resolved.flows
        } catch {
            problems.invalid.append(error.message)
        }
        if let uri = settings.redirectURI, let why = redirectURIProblem(uri, redirectPath: settings.redirectPath) {
            problems.invalid.append("REDIRECT_URI (\(why))")
        }
        guard problems.isEmpty, let authority, let clientID = settings.clientID, let secret = settings.sessionSecret else {
            return .incomplete(problems)
        }
        let credential: CredentialSetting
        if let path = settings.clientCertificate {
            credential = .certificate(path: path)
        } else if let secret = settings.clientSecret {
            credential = .secret(secret)
        } else {
            return .incomplete(ConfigurationProblems(missing: ["CLIENT_SECRET"], invalid: []))
        }
        var scopes = ["openid", "profile", "offline_access"]
        for s in settings.scopes where !scopes.contains(s) { scopes.append(s) }
        return .ready(Configuration(
            clientID: clientID, credential: credential, authority: authority, userFlows: flows,
            vault: VaultKeys(current: secret, previous: settings.previousSessionSecrets),
            redirectPath: settings.redirectPath, redirectURI: settings.redirectURI, scopes: settings.scopes,
            endpoint: settings.endpointIsDefault ? authority.defaultGraphEndpoint : settings.endpoint, cookiePath: settings.cookiePath, protectedDir: settings.protectedDir,
            rules: AccessRules(tenants: settings.allowedTenants, users: settings.allowedUsers,
                               groups: settings.allowedGroups, roles: settings.allowedRoles),
            prompt: settings.prompt, trustForwardedHeaders: settings.trustForwardedHeaders,
            sessionIdleTimeout: settings.sessionIdleTimeout, sessionMaxLifetime: settings.sessionMaxLifetime,
            requestedScopes: scopes))
    }

    /// Why `REDIRECT_URI` cannot reach the callback, or nil. The provider sends the browser to exactly that URL, and
    /// this program answers the callback only at `REDIRECT_PATH` under its own URL, so the URI's path (before any `?`)
    /// must end with `REDIRECT_PATH`: `https://h/cgi-bin/signin.cgi/getAToken`, or a pretty URL that the server
    /// rewrites to it (`https://h/auth/getAToken` with mod_rewrite mapping `/auth/(.*)` to `/cgi-bin/signin.cgi/$1`).
    /// Paths are compared byte for byte, as the router compares `PATH_INFO`. A fragment is never allowed
    /// (RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component").
    static func redirectURIProblem(_ uri: String, redirectPath: String) -> String? {
        if uri.contains("#") { return "must not have a #fragment (RFC 6749 §3.1.2)" }
        guard let schemeEnd = uri.firstRange(of: "://") else { return "must be an absolute http(s) URL" }
        let afterScheme = uri[schemeEnd.upperBound...]
        let authorityAndPath = afterScheme.prefix { $0 != "?" }
        let path = authorityAndPath.firstIndex(of: "/").map { authorityAndPath[$0...] } ?? ""
        guard path.hasSuffix(redirectPath) else {
            return "its path \(path.isEmpty ? "(none)" : String(path)) does not end with REDIRECT_PATH \(redirectPath), "
                + "so the callback would not reach signin.cgi: end it with \(redirectPath)"
        }
        return nil
    }

    /// The authority a login attempt went to: the sign-in authority, or the B2C user flow it named.
    func authority(forFlow flow: String?) -> Authority? {
        guard let flow else { return authority }
        return userFlows.authority(forPolicy: flow)
    }
}

/// How the app proves who it is at the token endpoint (RFC 6749 §2.3).
enum CredentialSetting: Sendable {
    /// `CLIENT_SECRET` (client_secret_basic or client_secret_post).
    case secret(String)
    /// `CLIENT_CERTIFICATE`: a PEM file with the certificate and its RSA key, for `private_key_jwt` (RFC 7523).
    /// The file is read only by requests that make a token request (`ClientCredentials`).
    case certificate(path: String)
}

/// What keeps the settings from making a configuration: required names that are absent, `NAME (why)` for the rest.
struct ConfigurationProblems: Error, Sendable, Equatable {
    var missing: [String]
    var invalid: [String]
    /// The settings file that was refused, when one was.
    var file: SettingsFileRefusal? = nil

    var isEmpty: Bool { missing.isEmpty && invalid.isEmpty }

    /// The names alone, for the log line (never a value).
    private func names(_ items: [String]) -> String {
        items.map { $0.split(separator: " ").first.map(String.init) ?? $0 }.joined(separator: ",")
    }

    var logLine: LogLine {
        var details: [(String, String)] = []
        if let file { details.append(("file", file.path)) }
        let others = file == nil ? invalid : Array(invalid.dropFirst())
        if !missing.isEmpty { details.append(("missing", names(missing))) }
        if !others.isEmpty { details.append(("invalid", names(others))) }
        return LogLine(.configurationIncomplete, file?.reason ?? (missing.isEmpty ? .settingsInvalid : .settingsMissing), details)
    }
}
