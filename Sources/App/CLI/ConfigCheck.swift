import Effects
import OIDC

/// `signin.cgi check-config` (README "Command line"): loads the settings as the CGI would and reports each finding
/// on one line, what is wrong and the fix; then fetches the provider's metadata and keys afresh (never from the
/// cache). Exit 0 when there is no problem; warnings alone do not change it. No secret value is ever printed.
struct ConfigCheck {
    let settings: Settings
    let services: Services
    /// The process environment, to say where each value came from (the environment wins over the file).
    var environment: [String: String] = [:]
    var baseURL: String? = nil
    /// Looks at the cache folder without creating it (a seam for tests).
    var probeCacheFolder: (String) -> PathProbe.CacheFolder = PathProbe.cacheFolder

    func run() -> CommandLineTool.Outcome {
        var findings = settingsFile() + unparsedLines() + unknownNames() + ignoredSettings()
        findings += placeholders() + quoting() + authorityShape() + clientIDShape()
        // A refused file explains every setting it would have given: its one line says so.
        let missing = settings.settingsFileProblem == nil ? settings.missing : []
        findings += generic(missing.map(missingSetting), after: findings)
        findings += generic(settings.invalid.filter { !$0.hasPrefix("settings file (") }.map(invalid), after: findings)
        findings += credentials() + caBundle() + cacheFolder()
        switch Configuration.resolve(settings) {
        case .incomplete(let problems):
            let fresh = problems.invalid.filter { !settings.invalid.contains($0) }
            findings += generic(fresh.map(invalid), after: findings)
        case .ready(let configuration):
            findings += provider(configuration.authority) + redirectURI(configuration)
        }
        let problems = findings.filter { $0.level == .problem }.count
        let out = findings.map { $0.line + "\n" }.joined()
            + (problems == 0 ? "configuration ok\n" : "configuration has \(problems) problem(s)\n")
        return CommandLineTool.Outcome(stdout: out, stderr: "", exitCode: problems == 0 ? 0 : 1)
    }

    /// `generic` findings, less those about a setting a more specific problem already covers.
    private func generic(_ generic: [ConfigFinding], after specific: [ConfigFinding]) -> [ConfigFinding] {
        let covered = Set(specific.filter { $0.level == .problem }.compactMap(\.setting))
        return generic.filter { $0.setting.map { !covered.contains($0) } ?? true }
    }

    private func invalid(_ item: String) -> ConfigFinding {
        let (setting, text) = SettingsAdvice.sentence(forInvalid: item)
        return .problem(text, setting)
    }

    /// A required setting that is absent; when the file holds a misspelling of it, the fix is to rename that.
    private func missingSetting(_ name: String) -> ConfigFinding {
        if let typo = settings.fileNames.first(where: { !Settings.names.contains($0) && SettingsAdvice.closestSetting(to: $0) == name }) {
            return .problem("\(name) is missing: the settings file has \(typo), rename it to \(name)", name)
        }
        return .problem("\(name) is missing: \(SettingsAdvice.fix(for: name))", name)
    }

    /// Where a setting's value came from, for messages.
    private func source(_ name: String) -> String {
        environment[name] != nil ? "the environment" : "the settings file"
    }

    // MARK: the checks, in report order

    /// Which settings file was read (`SIGNIN_CONFIG`, else `signin.env` in the home folder), or why it was refused.
    func settingsFile() -> [ConfigFinding] {
        if let refused = settings.invalid.first(where: { $0.hasPrefix("settings file (") }) {
            return [invalid(refused)]
        }
        let named = environment["SIGNIN_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if let path = settings.settingsFilePath {
            let how = named != nil ? "named by SIGNIN_CONFIG" : "signin.env in the home folder of uid \(PathProbe.effectiveUser)"
            return [.ok("settings file \(path) (\(how)): \(settings.fileNames.count) setting line(s)")]
        }
        let home = SettingsFile.defaultPath().map { " and there is no \($0)" } ?? ""
        return [.ok("no settings file (SIGNIN_CONFIG is unset\(home)): the settings come from the environment only")]
    }

    /// Statements python-dotenv cannot parse (an unclosed quote, a line with no `=` name): skipped, so warned of.
    func unparsedLines() -> [ConfigFinding] {
        settings.fileInvalidLines.map {
            .warning("line \($0) of the settings file cannot be parsed and is skipped, as python-dotenv does: check its quotes (a value opened with a quote must close with the same quote)")
        }
    }

    /// Names in the file that are not settings, each with the closest setting.
    func unknownNames() -> [ConfigFinding] {
        var seen: Set<String> = []
        return settings.fileNames.filter { !Settings.names.contains($0) && seen.insert($0).inserted }
            .map { .warning(SettingsAdvice.unknownName($0)) }
    }

    /// Settings present but without effect: B2C user flows without a tenant, `AUTHORITY` beside `OIDC_AUTHORITY`.
    func ignoredSettings() -> [ConfigFinding] {
        var out: [ConfigFinding] = []
        let flows = settings.signUpSignInFlow != nil || settings.editProfileFlow != nil || settings.resetPasswordFlow != nil
        if flows && settings.b2cTenantName == nil {
            out.append(.warning("the B2C user-flow settings (SIGNUPSIGNIN_USER_FLOW, …) are ignored without B2C_TENANT_NAME, as in the tutorial's library: set B2C_TENANT_NAME to use Azure AD B2C, or remove them"))
        } else if settings.b2cTenantName != nil, settings.oidcAuthority != nil {
            out.append(.warning("B2C_TENANT_NAME and the user-flow settings are ignored because OIDC_AUTHORITY is set (it wins): remove the one you do not mean"))
        }
        if settings.oidcAuthority != nil, settings.authority != nil {
            out.append(.warning("AUTHORITY is ignored because OIDC_AUTHORITY is set (it wins): remove the one you do not mean"))
        } else if settings.b2cTenantName != nil, settings.authority != nil {
            out.append(.warning("AUTHORITY is ignored because B2C_TENANT_NAME is set (the user flow names the authority): remove the one you do not mean"))
        }
        return out
    }

    /// The values a sample leaves for the user to fill in.
    func placeholders() -> [ConfigFinding] {
        values(SettingsAdvice.placeholderChecked).filter { SettingsAdvice.isPlaceholder($0.1) }
            .map { .problem(SettingsAdvice.placeholder($0.0, $0.1), $0.0) }
    }

    /// Quotes left at one end of a value, or a comment swallowed into it.
    func quoting() -> [ConfigFinding] {
        values(["CLIENT_ID", "CLIENT_SECRET", "AUTHORITY", "OIDC_AUTHORITY"]).compactMap { name, value in
            SettingsAdvice.quotingProblem(value).map { .warning("\(name) (from \(source(name))) \($0)", name) }
        }
    }

    /// An `AUTHORITY` ending in `/v2.0`, or a discovery URL given as the authority.
    func authorityShape() -> [ConfigFinding] {
        values(["AUTHORITY", "OIDC_AUTHORITY"]).compactMap { name, value in
            SettingsAdvice.authorityShape(name: name, value).map { .problem($0, name) }
        }
    }

    /// Entra's client ids are GUIDs.
    func clientIDShape() -> [ConfigFinding] {
        guard let id = settings.clientID, SettingsAdvice.isEntra(settings), !SettingsAdvice.isPlaceholder(id),
              let advice = SettingsAdvice.clientIDShape(id) else { return [] }
        return [.warning(advice, "CLIENT_ID")]
    }

    /// How the app authenticates: the secret (its length only) or the certificate's identity and validity.
    func credentials() -> [ConfigFinding] {
        if let path = settings.clientCertificate {
            var out = CertificateReport.findings(path: path, now: services.clock.now)
            if settings.clientSecret != nil {
                out.append(.warning("CLIENT_SECRET is ignored because CLIENT_CERTIFICATE is set: remove the secret"))
            }
            return out
        }
        guard let secret = settings.clientSecret, !SettingsAdvice.isPlaceholder(secret) else { return [] }
        return [.ok("CLIENT_SECRET is set (\(secret.count) characters, from \(source("CLIENT_SECRET")))")]
    }

    /// `CA_BUNDLE` names a readable PEM file with at least one certificate.
    func caBundle() -> [ConfigFinding] {
        guard let path = settings.caBundle, !SettingsAdvice.isPlaceholder(path) else { return [] }
        let fix = SettingsAdvice.fix(for: "CA_BUNDLE")
        switch PathProbe.readPrefix(path, maxBytes: 4 << 20) {
        case .failure(.missing): return [.problem("CA_BUNDLE \(path): no such file: \(fix)", "CA_BUNDLE")]
        case .failure(.notRegularFile): return [.problem("CA_BUNDLE \(path): not a regular file: \(fix)", "CA_BUNDLE")]
        case .failure(.unreadable(let why)):
            return [.problem("CA_BUNDLE \(path): cannot be read as uid \(PathProbe.effectiveUser) (\(why)): make it readable (chmod 644 \(path))", "CA_BUNDLE")]
        case .failure(.tooLarge): return [.problem("CA_BUNDLE \(path): too large: \(fix)", "CA_BUNDLE")]
        case .success(let bytes):
            let count = String(decoding: bytes, as: UTF8.self).ranges(of: "-----BEGIN CERTIFICATE-----").count
            guard count > 0 else {
                return [.problem("CA_BUNDLE \(path): not PEM (no -----BEGIN CERTIFICATE-----): convert it (openssl x509 -inform der -in CA.cer -out ca.pem) or name the PEM file", "CA_BUNDLE")]
            }
            return [.ok("CA_BUNDLE \(path): \(count) certificate(s), trusted instead of the system's CAs")]
        }
    }

    /// The cache folder is private to this user, or a warning: the program works without it, only slower.
    func cacheFolder() -> [ConfigFinding] {
        let path = PathProbe.cacheFolderPath(configured: settings.cacheDir)
        let slower = "signin.cgi works without a cache, but fetches the provider's metadata and keys on every sign-in (slower)"
        switch probeCacheFolder(path) {
        case .usable:
            return [.ok("cache folder \(path): private to uid \(PathProbe.effectiveUser)")]
        case .absent(creatable: true):
            return [.ok("cache folder \(path): not there yet; signin.cgi creates it (mode 0700) on first use")]
        case .absent(creatable: false):
            return [.warning("cache folder \(path) does not exist and its parent is missing or not writable: mkdir -m 700 \(path) as the user signin.cgi runs as, or set CACHE_DIR; \(slower)", "CACHE_DIR")]
        case .refused(let reason, let fix):
            return [.warning("cache folder \(path) \(reason), so it is not used: \(fix); \(slower)", "CACHE_DIR")]
        }
    }

    /// The provider: metadata and keys fetched afresh; on failure, whether sign-in still runs on the cached copy.
    func provider(_ authority: Authority) -> [ConfigFinding] {
        var out: [ConfigFinding] = [.ok("metadata URL \(authority.metadataURL)")]
        let directory = ProviderDirectory(authority: authority, services: CheckServices.fresh(services), useCache: false)
        do {
            let metadata = try directory.metadata()
            out.append(.ok("issuer \(metadata.issuer)"))
            let keys = try directory.keys(metadata)
            out.append(.ok("\(keys.keys.count) signing key(s) at \(metadata.jwksURI)"))
            if metadata.endSessionEndpoint == nil {
                out.append(.warning("the provider has no end_session_endpoint: /logout ends the session here and returns to the index"))
            }
        } catch {
            out.append(.problem(ProviderProblem.describe(error.log, url: authority.metadataURL)))
            out += cachedCopy(authority)
        }
        return out
    }

    /// What the CGI can still do from its cache while the provider cannot be had (the cache folder is read only).
    private func cachedCopy(_ authority: Authority) -> [ConfigFinding] {
        guard probeCacheFolder(PathProbe.cacheFolderPath(configured: settings.cacheDir)) == .usable else { return [] }
        let cached = ProviderDirectory(authority: authority, services: CheckServices.cachedOnly(services), useCache: true)
        guard let metadata = try? cached.metadata() else { return [] }
        if (try? cached.keys(metadata)) != nil {
            return [.warning("meanwhile signin.cgi signs people in from its cache (metadata for at most 24 hours, signing keys for at most 1 hour after they were fetched): fix the above before they expire")]
        }
        return [.warning("the cache still holds the provider's metadata but not its signing keys, so new sign-ins fail until the provider is back; existing sessions go on")]
    }

    /// With `--base-url`: the redirect URI to register at the provider.
    func redirectURI(_ configuration: Configuration) -> [ConfigFinding] {
        guard let baseURL else { return [] }
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return [.ok("redirect URI to register: \(configuration.redirectURI ?? base + configuration.redirectPath)")]
    }

    /// `(name, value)` of each of `names` that is set.
    private func values(_ names: [String]) -> [(String, String)] {
        let all: [String: String?] = [
            "CLIENT_ID": settings.clientID, "CLIENT_SECRET": settings.clientSecret, "AUTHORITY": settings.authority,
            "OIDC_AUTHORITY": settings.oidcAuthority, "B2C_TENANT_NAME": settings.b2cTenantName,
            "SIGNUPSIGNIN_USER_FLOW": settings.signUpSignInFlow, "REDIRECT_URI": settings.redirectURI,
            "ENDPOINT": settings.endpoint, "CLIENT_CERTIFICATE": settings.clientCertificate, "CA_BUNDLE": settings.caBundle,
        ]
        return names.compactMap { name in all[name].flatMap { $0 }.map { (name, $0) } }
    }
}
