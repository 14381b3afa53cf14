import CGI
import Effects
import Encoding

/// The program's settings as read (README "Settings"): each value parsed and checked on its own, from the
/// environment and the settings file (the environment wins). `HTTP_*` variables come from the client and are
/// never settings. `Configuration.resolve` turns a complete set into what handlers use.
public struct Settings: Sendable {
    public var clientID: String?
    public var clientSecret: String?
    public var clientCertificate: String?
    public var authority: String?
    public var oidcAuthority: String?
    public var b2cTenantName: String?
    public var signUpSignInFlow: String?
    public var editProfileFlow: String?
    public var resetPasswordFlow: String?
    public var redirectPath: String = "/getAToken"
    public var redirectURI: String?
    public var scopes: [String] = ["User.Read"]
    /// `ENDPOINT`; nil when set empty (no API link). When unset, the configuration uses the Graph of the authority's cloud.
    public var endpoint: String? = "https://graph.microsoft.com/v1.0/me"
    public var endpointIsDefault = true
    public var sessionSecret: [UInt8]?
    public var previousSessionSecrets: [[UInt8]] = []
    public var caBundle: String?
    public var cacheDir: String?
    public var trustForwardedHeaders = false
    public var cookiePath: String?
    public var protectedDir: String?
    public var allowedTenants: [String] = []
    public var allowedUsers: [String] = []
    public var allowedGroups: [String] = []
    public var allowedRoles: [String] = []
    /// The `prompt` of the authorization request (OpenID Connect Core 3.1.2.1); nil sends none.
    public var prompt: String? = "select_account"
    /// Seconds without a request after which a session ends (idle timeout).
    public var sessionIdleTimeout: Int64 = 8 * 3600
    /// Seconds after sign-in after which a session ends whatever happens (absolute maximum).
    public var sessionMaxLifetime: Int64 = 7 * 24 * 3600

    /// Why the settings file was not used, for the log line (its path and reason code).
    public var settingsFileProblem: SettingsFileRefusal?
    /// The settings file that was read, when one was (for `check-config`).
    public var settingsFilePath: String?
    /// Every name the settings file held, settings or not, in file order (for `check-config`).
    public var fileNames: [String] = []
    /// Lines of the settings file's statements python-dotenv cannot parse, which are skipped (for `check-config`).
    public var fileInvalidLines: [Int] = []

    /// Required settings that are absent, by name (never with a value).
    public var missing: [String] = []
    /// Settings that are present but invalid: `NAME (why)`, never the value.
    public var invalid: [String] = []

    public var isComplete: Bool { missing.isEmpty && invalid.isEmpty }

    public init() {}

    /// Every setting name this program reads, in README order.
    public static let names = [
        "CLIENT_ID", "CLIENT_SECRET", "CLIENT_CERTIFICATE", "AUTHORITY", "OIDC_AUTHORITY", "B2C_TENANT_NAME",
        "SIGNUPSIGNIN_USER_FLOW", "EDITPROFILE_USER_FLOW", "RESETPASSWORD_USER_FLOW", "REDIRECT_PATH", "REDIRECT_URI",
        "SCOPE", "ENDPOINT", "SESSION_SECRET", "SESSION_SECRET_PREVIOUS", "CA_BUNDLE", "CACHE_DIR",
        "TRUST_FORWARDED_HEADERS", "COOKIE_PATH", "PROTECTED_DIR", "ALLOWED_TENANTS", "ALLOWED_USERS", "ALLOWED_GROUPS",
        "ALLOWED_ROLES", "PROMPT", "SESSION_IDLE_TIMEOUT", "SESSION_MAX_LIFETIME",
    ]
}

public enum SettingsLoader {
    /// Where the settings file comes from: `read` applies the permission rule, `defaultPath` is `signin.env` in
    /// the running account's home folder (from the password database).
    public struct FileSource {
        public var read: (String) throws(SettingsFileProblem) -> [UInt8]
        public var defaultPath: () -> String?

        public init(read: @escaping (String) throws(SettingsFileProblem) -> [UInt8], defaultPath: @escaping () -> String?) {
            self.read = read
            self.defaultPath = defaultPath
        }

        /// The real files, with the permission rule (README "Settings").
        public static var system: FileSource { FileSource(read: { path throws(SettingsFileProblem) in try SettingsFile.read(path: path, maxBytes: DotEnv.maxBytes) },
                                              defaultPath: SettingsFile.defaultPath) }
    }

    /// For tests: `readFile` gives a file's text or nil; there is no default file.
    public static func load(environment: [String: String], readFile: (String) -> String?) -> Settings {
        withoutActuallyEscaping(readFile) { readFile in
            load(environment: environment, files: FileSource(
                read: { path throws(SettingsFileProblem) in
                    guard let text = readFile(path) else { throw .unreadable(path: path, errno: 2, uid: 0) }
                    return Array(text.utf8)
                },
                defaultPath: { nil }))
        }
    }

    /// Reads the settings file (`SIGNIN_CONFIG`, else `signin.env` in the home folder when it exists) under the
    /// environment, and checks each value once. A file that breaks the permission rule is not read at all.
    public static func load(environment: [String: String], files: FileSource) -> Settings {
        load(environment: Environment(environment), files: files)
    }

    /// The same, from the process environment as read by `ProcessIO.environment()`.
    public static func load(environment: Environment, files: FileSource) -> Settings {
        // One slot per name of `Settings.names`: the file's value, then the environment's over it.
        var values = [String?](repeating: nil, count: Settings.names.count)
        var fileProblem: (text: String, reason: Reason, path: String)?
        var fileNames: [String] = [], invalidLines: [Int] = [], readPath: String?
        let named = environment["SIGNIN_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if let path = named ?? files.defaultPath() {
            var fileBytes: [UInt8]?
            var problem: SettingsFileProblem?
            do {
                fileBytes = try files.read(path)
            } catch {
                problem = error
            }
            if let bytes = fileBytes {
                do {
                    // `${HTTP_*}` would let the client write a setting: those names expand to nothing.
                    let file = try DotEnv.parse(bytes, environment: { $0.hasPrefix("HTTP_") ? nil : environment[$0] })
                    for entry in file.entries {
                        if let slot = Settings.names.firstIndex(of: entry.name) { values[slot] = entry.value }
                    }
                    fileNames = file.entries.map(\.name)
                    invalidLines = file.invalidLines
                    readPath = path
                } catch {
                    fileProblem = ("\(path): \(error)", .settingsFileUnparseable, path)
                }
            } else if let problem {
                if case .missing = problem, named == nil {
                    // no signin.env in the home folder: settings come from the environment alone
                } else {
                    fileProblem = (problem.description, Reason(rawValue: problem.reason) ?? .settingsFileUnreadable, path)
                }
            }
        }
        for (slot, name) in Settings.names.enumerated() {
            if let v = environment[name] { values[slot] = v }
        }
        var s = parse(slots: values)
        s.settingsFilePath = readPath
        s.fileNames = fileNames
        s.fileInvalidLines = invalidLines
        if let fileProblem {
            s.invalid.insert("settings file (\(fileProblem.text))", at: 0)
            s.settingsFileProblem = SettingsFileRefusal(reason: fileProblem.reason, path: fileProblem.path)
        }
        return s
    }

    /// Checks each value of `values` (name → raw text) on its own.
    static func parse(_ values: [String: String]) -> Settings {
        parse(slots: Settings.names.map { values[$0] })
    }

    /// Checks each value on its own; `slots` holds the raw text of each name of `Settings.names`, in that order.
    static func parse(slots: [String?]) -> Settings {
        var s = Settings()
        let names = Settings.names
        // Names are asked for mostly in table order: each search starts after the last slot found, wrapping around.
        var next = 0
        func raw(_ name: String) -> String? {
            for step in 0..<names.count {
                let slot = (next + step) % names.count
                if names[slot] == name {
                    next = slot + 1
                    return slots[slot]
                }
            }
            return nil
        }
        func value(_ name: String) -> String? {
            guard let v = raw(name)?.trimmingSpaces(), !v.isEmpty else { return nil }
            return v
        }

        s.clientID = value("CLIENT_ID")
        s.clientSecret = value("CLIENT_SECRET")
        s.clientCertificate = value("CLIENT_CERTIFICATE")
        s.authority = value("AUTHORITY")
        s.oidcAuthority = value("OIDC_AUTHORITY")
        s.b2cTenantName = value("B2C_TENANT_NAME")
        s.signUpSignInFlow = value("SIGNUPSIGNIN_USER_FLOW")
        s.editProfileFlow = value("EDITPROFILE_USER_FLOW")
        s.resetPasswordFlow = value("RESETPASSWORD_USER_FLOW")
        s.caBundle = value("CA_BUNDLE")
        s.cacheDir = value("CACHE_DIR")
        s.protectedDir = value("PROTECTED_DIR")

        if s.clientID == nil { s.missing.append("CLIENT_ID") }
        if s.clientSecret == nil && s.clientCertificate == nil { s.missing.append("CLIENT_SECRET") }

        if let flag = value("TRUST_FORWARDED_HEADERS") {
            if let on = YesNo.parse(flag) { s.trustForwardedHeaders = on } else {
                s.invalid.append("TRUST_FORWARDED_HEADERS (yes or no: 1, true, yes, on, 0, false, no, off)")
            }
        }
        if let path = value("REDIRECT_PATH") {
            if !SitePath.isRoutePath(path) || path == "/" {
                s.invalid.append("REDIRECT_PATH (must start with / and not be /)")
            } else if RouteTable.isReserved(path) {
                s.invalid.append("REDIRECT_PATH (must not be another route)")
            } else {
                s.redirectPath = path
            }
        }
        if let uri = value("REDIRECT_URI") {
            if isAbsoluteHTTPURL(uri) { s.redirectURI = uri } else { s.invalid.append("REDIRECT_URI (must be an absolute http(s) URL)") }
        }
        if let path = value("COOKIE_PATH") {
            if SitePath.isRoutePath(path) { s.cookiePath = path } else {
                s.invalid.append("COOKIE_PATH (must be / or a path that starts with /)")
            }
        }
        if let scope = raw("SCOPE") {
            if scope.utf8.allSatisfy({ $0 < 0x80 }) {
                // ASCII (the usual case): split the bytes, which is the same split without Character breaking.
                s.scopes = scope.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") })
                    .map { String(decoding: $0, as: UTF8.self) }
            } else {
                s.scopes = scope.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            }
        }
        if let endpoint = raw("ENDPOINT") {
            s.endpointIsDefault = false
            let trimmed = endpoint.trimmingSpaces()
            if trimmed.isEmpty {
                s.endpoint = nil
            } else if isHTTPSURL(trimmed) {
                s.endpoint = trimmed
            } else {
                s.invalid.append("ENDPOINT (must be an https URL)")
            }
        }
        // One check per name (an array of (String, String?) tuples would cost a tuple metadata instantiation).
        if let url = s.authority, !isHTTPSURL(url) { s.invalid.append("AUTHORITY (must be an https URL)") }
        if let url = s.oidcAuthority, !isHTTPSURL(url) { s.invalid.append("OIDC_AUTHORITY (must be an https URL)") }
        if let prompt = raw("PROMPT") {
            let p = prompt.trimmingSpaces()
            if p.isEmpty { s.prompt = nil } else if ["select_account", "login", "consent", "none"].contains(p) { s.prompt = p } else {
                s.invalid.append("PROMPT (select_account, login, consent, none, or empty)")
            }
        }
        s.allowedTenants = list(value("ALLOWED_TENANTS"))
        s.allowedUsers = list(value("ALLOWED_USERS"))
        s.allowedGroups = list(value("ALLOWED_GROUPS"))
        s.allowedRoles = list(value("ALLOWED_ROLES"))

        if let secret = value("SESSION_SECRET") {
            if let bytes = Base64.decodeLenient(secret), bytes.count >= 32 {
                s.sessionSecret = bytes
            } else {
                s.invalid.append("SESSION_SECRET (must be base64 of at least 32 random bytes)")
            }
        } else {
            s.missing.append("SESSION_SECRET")
        }
        if let previous = value("SESSION_SECRET_PREVIOUS") {
            for part in previous.split(separator: ",") {
                let p = part.trimmingSpaces()
                if p.isEmpty { continue }
                if let bytes = Base64.decodeLenient(p), bytes.count >= 32 {
                    s.previousSessionSecrets.append(bytes)
                } else {
                    s.invalid.append("SESSION_SECRET_PREVIOUS (each must be base64 of at least 32 bytes)")
                    break
                }
            }
        }
        s.sessionIdleTimeout = seconds(value("SESSION_IDLE_TIMEOUT"), name: "SESSION_IDLE_TIMEOUT", default: s.sessionIdleTimeout, into: &s.invalid)
        s.sessionMaxLifetime = seconds(value("SESSION_MAX_LIFETIME"), name: "SESSION_MAX_LIFETIME", default: s.sessionMaxLifetime, into: &s.invalid)
        return s
    }

    /// A comma-separated list, each item trimmed, empty items dropped.
    static func list(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    static func seconds(_ text: String?, name: String, default value: Int64, into invalid: inout [String]) -> Int64 {
        guard let text else { return value }
        guard let n = Int64(text), n > 0, n <= 366 * 86400 else {
            invalid.append("\(name) (seconds, 1 to 31622400)")
            return value
        }
        return n
    }

    static func isHTTPSURL(_ s: String) -> Bool {
        // Bytes, not characters: once every scalar is printable ASCII the two agree, and a character count or a
        // `hasPrefix` runs grapheme breaking.
        s.utf8.starts(with: "https://".utf8) && s.utf8.count > 8 && s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f }
    }

    static func isAbsoluteHTTPURL(_ s: String) -> Bool {
        isHTTPSURL(s) || (s.utf8.starts(with: "http://".utf8) && s.utf8.count > 7 && s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f })
    }
}


/// A settings file that was refused: its path and the reason code (the sentence is in `Settings.invalid`).
public struct SettingsFileRefusal: Sendable, Equatable {
    public let reason: Reason
    public let path: String
}
