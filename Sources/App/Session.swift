import Encoding

/// What the session cookie carries (sealed as purpose `.session`). Short keys keep the cookie small;
/// another program holding the secret reads it with any JOSE library as this JSON object.
struct Session: Codable, Sendable, Equatable {
    /// Format version.
    var v: Int = 1
    /// Issuer and subject of the ID token this session came from (OpenID Connect Core 2).
    var iss: String
    var sub: String
    /// The claims the pages show (sub, oid, tid, name, preferred_username, email, login_hint …).
    var claims: [String: JSONValue]
    /// ID token expiry; once past, the session is renewed with the refresh token or ends.
    var idExp: Int64
    /// Access token for the downstream API, its expiry and granted scope; absent when it did not fit the cookie budget.
    var at: String?
    var atExp: Int64?
    var atScope: String?
    /// Refresh token (OAuth 2.0 RFC 6749 §6), rotated whenever the provider sends a new one.
    var rt: String?
    /// Sign-in time (absolute maximum) and last activity (idle timeout).
    var created: Int64
    var seen: Int64

    /// Claims worth keeping from an ID token for the pages and for logout hints.
    static let keptClaims = ["sub", "oid", "tid", "name", "preferred_username", "email", "login_hint", "given_name", "family_name"]

    static func keep(_ all: [String: JSONValue]) -> [String: JSONValue] {
        var kept: [String: JSONValue] = [:]
        for name in keptClaims {
            guard let v = all[name] else { continue }
            if case .string(let s) = v, s.utf8.count <= 256 { kept[name] = v }
        }
        return kept
    }

    var displayName: String {
        claims["name"]?.stringValue ?? claims["preferred_username"]?.stringValue ?? claims["email"]?.stringValue ?? sub
    }

    /// True when the access token has more than `margin` seconds left and was granted every requested scope.
    func accessTokenUsable(now: Int64, scopes: [String], margin: Int64 = 300) -> Bool {
        guard at != nil, let atExp, atExp - margin > now else { return false }
        guard let atScope else { return true }
        let granted = atScope.split(separator: " ").map { $0.lowercased() }
        return scopes.allSatisfy { wanted in
            let w = wanted.lowercased()
            return granted.contains { $0 == w || $0.hasSuffix("/" + w) }
        }
    }
}

/// One login attempt (sealed as purpose `.loginState`, one cookie per attempt so several tabs can sign in at once).
struct LoginState: Codable, Sendable, Equatable {
    var state: String
    var nonce: String
    /// PKCE code verifier (RFC 7636 §4.1).
    var verifier: String
    /// The issuer the authorization request went to, and the redirect URI it named (sent again to the token endpoint).
    var iss: String
    var redirectURI: String
    var created: Int64
    /// The Azure AD B2C user flow this attempt went to, when not the sign-up/sign-in flow (edit profile, reset password).
    var flow: String? = nil
}
