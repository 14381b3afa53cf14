import CGI
import Cookies
import Effects
import Encoding
import OIDC

/// The names of the program's cookies. Over HTTPS they carry the `__Host-` prefix when their path is `/` and
/// `__Secure-` otherwise (RFC 6265bis §4.1.3), so a plain-HTTP page or a sibling subdomain cannot plant one;
/// over plain HTTP (a local test server) they have none.
struct CookieNames: Sendable {
    static let session = "signin_session"
    static let loginState = "signin_login_"

    let prefix: String

    init(secure: Bool, path: String) {
        prefix = secure ? (path == "/" ? "__Host-" : "__Secure-") : ""
    }

    var session: String { prefix + Self.session }
    var loginStatePrefix: String { prefix + Self.loginState }

    /// The cookie name for a login attempt, derived from its `state`, which is base64url (cookie-name safe).
    func loginState(for state: String) -> String? {
        guard state.utf8.count >= 16, state.utf8.count <= 128, state.utf8.allSatisfy(Self.isBase64URLByte) else { return nil }
        return loginStatePrefix + String(state.prefix(16))
    }

    func isSessionCookie(_ name: String) -> Bool {
        name == session || name.hasPrefix(session + ".")
    }

    private static func isBase64URLByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x2d || b == 0x5f
    }
}

/// The program's cookies: one session (chunked when long) and one login state per sign-in attempt.
/// Attributes: HttpOnly, SameSite=Lax, Secure over HTTPS, Path = `COOKIE_PATH` or the script's path.
struct CookieStore {
    /// A login attempt must come back within this many seconds.
    static let loginStateLifetime: Int64 = 600
    /// Login attempts kept at once (several tabs); the oldest beyond this is dropped.
    static let maxLoginStates = 3
    /// The longest sealed session we set. With three login states beside it, the browser's whole `Cookie`
    /// header stays under Apache's 8,190-byte `LimitRequestFieldSize`.
    static let sessionBudget = 5800

    let keys: VaultKeys
    let existing: CookieHeader
    let path: String
    let secure: Bool
    let now: Int64
    let names: CookieNames

    /// `ALLOWED_GROUPS` is set: the (few, allowed) groups stay in the session whatever else must go.
    let preserveGroups: Bool

    /// The IVs of the cookies sealed (the random seam).
    let random: any RandomSource

    init(keys: VaultKeys, existing: CookieHeader, path: String, secure: Bool, now: Int64, random: any RandomSource = SystemRandom(),
         preserveGroups: Bool = false) {
        self.preserveGroups = preserveGroups
        self.random = random
        self.keys = keys
        self.existing = existing
        self.path = path
        self.secure = secure
        self.now = now
        names = CookieNames(secure: secure, path: path)
    }

    // MARK: session

    enum SessionRead {
        case none
        /// A cookie was there but is not a session of this deployment: treat as signed out and expire it.
        case invalid(Reason)
        case valid(Session, rotated: Bool)
    }

    /// The session, accepted only when this deployment made it: sealed under our key for the `session` purpose,
    /// for our client id, by an issuer the configured authority accepts.
    func readSession(clientID: String, authority: Authority) -> SessionRead {
        guard let jwe = CookieChunks.read(names.session, from: existing) else {
            return hasAnySessionCookie ? .invalid(.sessionIncomplete) : .none
        }
        guard let vault = keys.vault else { return .invalid(.sessionOtherKey) }
        let opened: (payload: [UInt8], rotated: Bool)
        do {
            opened = try vault.open(jwe, purpose: .session, now: now)
        } catch {
            return .invalid(Self.reason(error))
        }
        guard let session = try? Session(json: opened.payload) else {
            return .invalid(.sessionUnreadable)
        }
        guard session.v == 1 else { return .invalid(.sessionVersion) }
        guard session.aud == clientID else { return .invalid(.sessionOtherClient) }
        guard authority.accepts(metadataIssuer: session.iss) else { return .invalid(.sessionOtherIssuer) }
        return .valid(session, rotated: opened.rotated)
    }

    static func reason(_ error: VaultError) -> Reason {
        switch error {
        case .malformed: return .sessionUnreadable
        case .unknownKey, .badSecret: return .sessionOtherKey
        case .badTag: return .sessionTampered
        case .wrongPurpose: return .sessionWrongPurpose
        case .expired: return .sessionExpired
        case .tooLarge: return .sessionTooLarge
        }
    }

    var hasAnySessionCookie: Bool {
        existing.names.contains(where: names.isSessionCookie)
    }

    /// Seals `session`, dropping what the budget cannot hold in this order: the raw ID token (logout then sends
    /// `logout_hint` alone), the group and directory-role lists unless `ALLOWED_GROUPS` needs the groups, the access
    /// token (the next API call refreshes it), then every claim but the few the pages and rules need.
    func writeSession(_ session: Session) throws(AppError) -> [SetCookie] {
        var reductions: [(inout Session) -> Void] = [{ _ in }, { $0.idToken = nil }]
        if !preserveGroups { reductions.append { $0.claims["groups"] = nil; $0.claims["wids"] = nil } }
        reductions.append { $0.at = nil; $0.atExp = nil }
        let essential = ["sub", "name", "oid", "tid", "preferred_username", "email", "roles"] + (preserveGroups ? ["groups"] : [])
        reductions.append { session in session.claims = session.claims.filter { essential.contains($0.key) } }
        var s = session
        var sealFailure: AppError?
        for reduce in reductions {
            reduce(&s)
            let jwe: String
            do { jwe = try seal(s) } catch {
                sealFailure = error  // e.g. a payload over the vault's own limit: try with less
                continue
            }
            if jwe.utf8.count <= Self.sessionBudget {
                return CookieChunks.write(names.session, value: jwe, existing: existing, path: path, secure: secure, maxAge: nil)
            }
        }
        if let sealFailure { throw sealFailure }
        throw AppError(status: 500, kind: .page(title: "Session too large", message: "The sign-in could not be stored in a cookie."),
                       log: LogLine(.sessionRejected, .overCookieBudget))
    }

    func expireSession() -> [SetCookie] {
        CookieChunks.expire(names.session, existing: existing, path: path, secure: secure)
    }

    // MARK: login state

    func readLoginState(state: String) -> LoginState? {
        guard let name = names.loginState(for: state), let jwe = existing.first(name) else { return nil }
        return openLoginState(jwe)
    }

    private func openLoginState(_ jwe: String) -> LoginState? {
        guard let vault = keys.vault, let (payload, _) = try? vault.open(jwe, purpose: .loginState, now: now) else { return nil }
        return try? LoginState(json: payload)
    }

    /// Sets the cookie for a new attempt, dropping the oldest attempts beyond `maxLoginStates`.
    func writeLoginState(_ login: LoginState) throws(AppError) -> [SetCookie] {
        guard let name = names.loginState(for: login.state) else {
            throw AppError.internal("Could not start sign-in.", .malformedState)
        }
        let jwe = try seal(login)
        var out: [SetCookie] = []
        var others: [(name: String, created: Int64)] = []
        for other in existing.names where other.hasPrefix(names.loginStatePrefix) && other != name {
            if let value = existing.first(other), let state = openLoginState(value) {
                others.append((other, state.created))
            } else {
                out.append(expired(other))
            }
        }
        others.sort { $0.created > $1.created }
        for old in others.dropFirst(Self.maxLoginStates - 1) { out.append(expired(old.name)) }
        out.append(SetCookie(name: name, value: jwe, path: path, maxAge: Int(Self.loginStateLifetime), secure: secure))
        return out
    }

    func expireLoginState(named name: String) -> [SetCookie] {
        existing.first(name) == nil ? [] : [expired(name)]
    }

    func expireAllLoginStates() -> [SetCookie] {
        var seen: [String] = []
        for name in existing.names where name.hasPrefix(names.loginStatePrefix) && !seen.contains(name) { seen.append(name) }
        return seen.map(expired)
    }

    // MARK: helpers

    private func expired(_ name: String) -> SetCookie {
        SetCookie(name: name, value: "", path: path, maxAge: 0, secure: secure)
    }

    private func seal(_ session: Session) throws(AppError) -> String {
        try seal(session.json, purpose: .session, expiresAt: session.exp)
    }

    private func seal(_ login: LoginState) throws(AppError) -> String {
        try seal(login.json, purpose: .loginState, expiresAt: login.created + Self.loginStateLifetime)
    }

    private func seal(_ payload: [UInt8], purpose: CookiePurpose, expiresAt: Int64) throws(AppError) -> String {
        do {
            guard let vault = keys.vault else { throw VaultError.badSecret }
            return try vault.seal(payload, purpose: purpose, expiresAt: expiresAt, compress: purpose == .session,
                                  iv: random.bytes(CookieVault.ivLength))
        } catch {
            throw AppError.internal("The session could not be stored.", .cookieSealFailed)
        }
    }
}
