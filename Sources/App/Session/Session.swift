import Encoding
import JOSE
import OIDC

/// What the session cookie carries (sealed as purpose `session`). Another program holding the secret reads it with
/// any JOSE library as this JSON object; README "Session payload" documents the fields it may rely on.
struct Session: Sendable, Equatable {
    /// Format version.
    var v: Int = 1
    /// Issuer and subject of the ID token this session came from (OpenID Connect Core 2).
    var iss: String
    var sub: String
    /// The client id of the deployment that made the session: another app's session is no session here.
    var aud: String
    /// The user's claims: strings (name, preferred_username, email, oid, tid, login_hint …) and the string lists the
    /// access rules and other programs use (roles, groups, wids).
    var claims: [String: JSONValue]
    /// True when the ID token said the groups did not fit (`_claim_names.groups`, Entra's group overage).
    var groupsOverage: Bool? = nil
    /// ID token expiry; once past, the session is renewed with the refresh token or ends.
    var idExp: Int64
    /// `auth_time` of the sign-in, when the provider sent it (OpenID Connect Core 12.2 compares it on refresh).
    var authTime: Int64? = nil
    /// `azp` of the sign-in's ID token, when it had one: a renewed ID token must carry the same, or none when this is
    /// absent (OpenID Connect Core 12.2).
    var azp: String? = nil
    /// The raw ID token, kept only while it fits the cookie budget, for `id_token_hint` at logout (OpenID Connect
    /// RP-Initiated Logout 1.0 §2). A token: other programs must not rely on it.
    var idToken: String? = nil
    /// Access token for the downstream API, its expiry and granted scope; absent when it did not fit the cookie budget.
    var at: String?
    var atExp: Int64?
    var atScope: String?
    /// Refresh token (OAuth 2.0 RFC 6749 §6), rotated whenever the provider sends a new one.
    var rt: String?
    /// Sign-in time (absolute maximum), last activity (idle timeout) and the absolute end of the session.
    var created: Int64
    var seen: Int64
    var exp: Int64

    /// String claims worth keeping from an ID token for the pages, the rules, logout hints and other programs.
    static let keptStringClaims = ["sub", "oid", "tid", "name", "preferred_username", "email", "login_hint",
                                   "given_name", "family_name", "sid"]
    /// String-list claims kept for the access rules and other programs.
    static let keptListClaims = ["roles", "groups", "wids"]
    /// At most this many values of one list claim are kept (Entra emits at most 200 groups before overage).
    static let maxListValues = 200

    init(iss: String, sub: String, aud: String, claims: [String: JSONValue], idExp: Int64, created: Int64, seen: Int64, exp: Int64) {
        self.iss = iss
        self.sub = sub
        self.aud = aud
        self.claims = claims
        self.idExp = idExp
        self.created = created
        self.seen = seen
        self.exp = exp
    }

    /// A fresh session from a validated ID token and the token endpoint's answer.
    init(claims: IDTokenClaims, tokens: TokenResponse, clientID: String, rules: AccessRules, now: Int64, lifetime: Int64) {
        iss = claims.iss
        sub = claims.sub
        aud = clientID
        self.claims = Self.keep(claims.all, rules: rules)
        groupsOverage = Self.hasGroupOverage(claims.all) ? true : nil
        idExp = claims.exp
        authTime = claims.all["auth_time"]?.int64Value
        azp = claims.all["azp"]?.stringValue
        idToken = tokens.idToken
        created = now
        seen = now
        exp = now + lifetime
        take(tokens, now: now)
    }

    /// Takes the access and refresh tokens of a token response (RFC 6749 §5.1; a refresh token is rotated only
    /// when a new one comes, §6).
    mutating func take(_ tokens: TokenResponse, now: Int64) {
        if let token = tokens.accessToken {
            at = token
            atExp = now + tokens.accessTokenLifetime
            atScope = tokens.scope ?? atScope
        }
        if let rotated = tokens.refreshToken { rt = rotated }
    }

    static func keep(_ all: [String: JSONValue], rules: AccessRules) -> [String: JSONValue] {
        var kept: [String: JSONValue] = [:]
        for name in keptStringClaims {
            if case .string(let s)? = all[name], s.utf8.count <= 256 { kept[name] = .string(s) }
        }
        for name in keptListClaims {
            guard var values = all[name]?.stringArrayValue else { continue }
            values = values.filter { $0.utf8.count <= 128 }
            // With ALLOWED_GROUPS set, the groups that matter are the allowed ones: keeping only those keeps the cookie small.
            if name == "groups" && !rules.groups.isEmpty {
                values = values.filter { g in rules.groups.contains { $0.lowercased() == g.lowercased() } }
            }
            kept[name] = .array(values.prefix(maxListValues).map { .string($0) })
        }
        return kept
    }

    /// Entra's group overage: `_claim_names` names `groups` and the token has no `groups` claim.
    static func hasGroupOverage(_ all: [String: JSONValue]) -> Bool {
        guard all["groups"] == nil, let names = all["_claim_names"]?.objectValue else { return false }
        return names["groups"] != nil
    }

    var displayName: String {
        claims["name"]?.stringValue ?? claims["preferred_username"]?.stringValue ?? claims["email"]?.stringValue ?? sub
    }

    /// The user name the rules and the 403 page use: `preferred_username`, else `email`, else the subject.
    var userName: String {
        claims["preferred_username"]?.stringValue ?? claims["email"]?.stringValue ?? sub
    }

    var ruleSubject: AccessRules.Subject {
        AccessRules.Subject(tenant: claims["tid"]?.stringValue,
                            userName: claims["preferred_username"]?.stringValue ?? claims["email"]?.stringValue,
                            groups: claims["groups"]?.stringArrayValue ?? [], roles: claims["roles"]?.stringArrayValue ?? [],
                            groupsOverage: groupsOverage == true)
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

/// One login attempt (sealed as purpose `login`, one cookie per attempt so several tabs can sign in at once).
struct LoginState: Sendable, Equatable {
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
    /// Where to go after signing in: a path on this site (checked by `ReturnPath` before it is stored).
    var returnTo: String? = nil
}

extension Session {
    /// The payload's JSON text: the members above by these names, sorted, absent ones left out.
    var json: [UInt8] {
        var out = PayloadMembers()
        out.set("v", Int64(v))
        out.set("iss", iss)
        out.set("sub", sub)
        out.set("aud", aud)
        out.set("claims", claims)
        out.set("groupsOverage", groupsOverage)
        out.set("idExp", idExp)
        out.set("authTime", authTime)
        out.set("azp", azp)
        out.set("idToken", idToken)
        out.set("at", at)
        out.set("atExp", atExp)
        out.set("atScope", atScope)
        out.set("rt", rt)
        out.set("created", created)
        out.set("seen", seen)
        out.set("exp", exp)
        return out.bytes
    }

    /// Reads a payload written by `json` (or by another program to the README's description).
    init(json bytes: [UInt8]) throws(PayloadFields.Unreadable) {
        let f = try PayloadFields(json: bytes)
        guard let version = Int(exactly: try f.int64("v")) else { throw PayloadFields.Unreadable() }
        self.init(iss: try f.string("iss"), sub: try f.string("sub"), aud: try f.string("aud"), claims: try f.object("claims"),
                  idExp: try f.int64("idExp"), created: try f.int64("created"), seen: try f.int64("seen"), exp: try f.int64("exp"))
        v = version
        groupsOverage = try f.optionalBool("groupsOverage")
        authTime = try f.optionalInt64("authTime")
        azp = try f.optionalString("azp")
        idToken = try f.optionalString("idToken")
        at = try f.optionalString("at")
        atExp = try f.optionalInt64("atExp")
        atScope = try f.optionalString("atScope")
        rt = try f.optionalString("rt")
    }
}

extension LoginState {
    /// The payload's JSON text: the members above by these names, sorted, absent ones left out.
    var json: [UInt8] {
        var out = PayloadMembers()
        out.set("state", state)
        out.set("nonce", nonce)
        out.set("verifier", verifier)
        out.set("iss", iss)
        out.set("redirectURI", redirectURI)
        out.set("created", created)
        out.set("flow", flow)
        out.set("returnTo", returnTo)
        return out.bytes
    }

    init(json bytes: [UInt8]) throws(PayloadFields.Unreadable) {
        let f = try PayloadFields(json: bytes)
        self.init(state: try f.string("state"), nonce: try f.string("nonce"), verifier: try f.string("verifier"),
                  iss: try f.string("iss"), redirectURI: try f.string("redirectURI"), created: try f.int64("created"),
                  flow: try f.optionalString("flow"), returnTo: try f.optionalString("returnTo"))
    }
}
