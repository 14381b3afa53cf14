import Encoding

/// The program's settings (CONTRACT.md "Settings"), read from the environment and the dotenv file named by
/// `SIGNIN_CONFIG`; the environment wins. `HTTP_*` variables come from the client and are never settings.
public struct Settings: Sendable {
    public var clientID: String?
    public var clientSecret: String?
    public var authority: String?
    public var oidcAuthority: String?
    public var b2cTenantName: String?
    public var signUpSignInFlow: String?
    public var editProfileFlow: String?
    public var resetPasswordFlow: String?
    public var redirectPath: String = "/getAToken"
    public var redirectURI: String?
    public var scopes: [String] = ["User.Read"]
    public var endpoint: String? = "https://graph.microsoft.com/v1.0/me"
    public var sessionSecret: [UInt8]?
    public var previousSessionSecrets: [[UInt8]] = []
    public var caBundle: String?
    public var cacheDir: String?
    public var trustForwardedHeaders = false
    /// Seconds without a request after which a session ends (idle timeout).
    public var sessionIdleTimeout: Int64 = 8 * 3600
    /// Seconds after sign-in after which a session ends whatever happens (absolute maximum).
    public var sessionMaxLifetime: Int64 = 7 * 24 * 3600
    /// Test-only: seconds added to the clock, so end-to-end tests can move time forward.
    public var testTimeOffset: Int64 = 0

    /// Required settings that are absent, by name (never with a value).
    public var missing: [String] = []
    /// Settings that are present but invalid: name and reason, never the value.
    public var invalid: [String] = []

    public var isComplete: Bool { missing.isEmpty && invalid.isEmpty }

    /// Every setting name this program reads.
    static let names = [
        "CLIENT_ID", "CLIENT_SECRET", "AUTHORITY", "OIDC_AUTHORITY", "B2C_TENANT_NAME", "SIGNUPSIGNIN_USER_FLOW",
        "EDITPROFILE_USER_FLOW", "RESETPASSWORD_USER_FLOW", "REDIRECT_PATH", "REDIRECT_URI", "SCOPE", "ENDPOINT",
        "SESSION_SECRET", "SESSION_SECRET_PREVIOUS", "CA_BUNDLE", "CACHE_DIR", "TRUST_FORWARDED_HEADERS",
        "SESSION_IDLE_TIMEOUT", "SESSION_MAX_LIFETIME", "SIGNIN_TEST_TIME_OFFSET",
    ]
}

public enum SettingsLoader {
    /// Merges the dotenv file (if `SIGNIN_CONFIG` names one) under the environment and validates the result once.
    /// `readFile` returns the file's text, or nil when it cannot be read.
    public static func load(environment: [String: String], readFile: (String) -> String?) -> Settings {
        var values: [String: String] = [:]
        var invalid: [String] = []
        if let path = environment["SIGNIN_CONFIG"], !path.isEmpty {
            if let text = readFile(path) {
                do {
                    // `${HTTP_*}` would let the client write a setting: those names expand to nothing.
                    let file = try DotEnv.parse(Array(text.utf8), environment: { $0.hasPrefix("HTTP_") ? nil : environment[$0] })
                    for entry in file.entries where Settings.names.contains(entry.name) { values[entry.name] = entry.value }
                } catch {
                    invalid.append("SIGNIN_CONFIG (\(error))")
                }
            } else {
                invalid.append("SIGNIN_CONFIG (file cannot be read)")
            }
        }
        for name in Settings.names {
            if let v = environment[name] { values[name] = v }
        }
        var s = Settings()
        s.invalid = invalid
        func value(_ name: String) -> String? {
            guard let v = values[name]?.trimmingSpaces(), !v.isEmpty else { return nil }
            return v
        }

        s.clientID = value("CLIENT_ID")
        s.clientSecret = value("CLIENT_SECRET")
        s.authority = value("AUTHORITY")
        s.oidcAuthority = value("OIDC_AUTHORITY")
        s.b2cTenantName = value("B2C_TENANT_NAME")
        s.signUpSignInFlow = value("SIGNUPSIGNIN_USER_FLOW")
        s.editProfileFlow = value("EDITPROFILE_USER_FLOW")
        s.resetPasswordFlow = value("RESETPASSWORD_USER_FLOW")
        s.caBundle = value("CA_BUNDLE")
        s.cacheDir = value("CACHE_DIR")
        s.trustForwardedHeaders = value("TRUST_FORWARDED_HEADERS") == "1"

        if s.clientID == nil { s.missing.append("CLIENT_ID") }
        if s.clientSecret == nil { s.missing.append("CLIENT_SECRET") }

        if let path = value("REDIRECT_PATH") {
            if !path.hasPrefix("/") || path == "/" || path.count > 200 || !path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f && $0 != "?" && $0 != "#" }) {
                s.invalid.append("REDIRECT_PATH (must start with / and not be /)")
            } else if ["/login", "/logout", "/call_downstream_api"].contains(path) {
                s.invalid.append("REDIRECT_PATH (must not be another route)")
            } else {
                s.redirectPath = path
            }
        }
        if let uri = value("REDIRECT_URI") {
            if isAbsoluteHTTPURL(uri) { s.redirectURI = uri } else { s.invalid.append("REDIRECT_URI (must be an absolute http(s) URL)") }
        }
        if let scope = values["SCOPE"] {
            s.scopes = scope.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        }
        if let endpoint = values["ENDPOINT"] {
            let trimmed = endpoint.trimmingSpaces()
            if trimmed.isEmpty {
                s.endpoint = nil
            } else if isHTTPSURL(trimmed) {
                s.endpoint = trimmed
            } else {
                s.invalid.append("ENDPOINT (must be an https URL)")
            }
        }
        for (name, url) in [("AUTHORITY", s.authority), ("OIDC_AUTHORITY", s.oidcAuthority)] {
            if let url, !isHTTPSURL(url) { s.invalid.append("\(name) (must be an https URL)") }
        }

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
        if let offset = value("SIGNIN_TEST_TIME_OFFSET") {
            if let n = Int64(offset), abs(n) < 10 * 365 * 86400 { s.testTimeOffset = n } else { s.invalid.append("SIGNIN_TEST_TIME_OFFSET (whole seconds)") }
        }
        return s
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
        s.hasPrefix("https://") && s.count > 8 && s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f }
    }

    static func isAbsoluteHTTPURL(_ s: String) -> Bool {
        isHTTPSURL(s) || (s.hasPrefix("http://") && s.count > 7 && s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f })
    }
}
