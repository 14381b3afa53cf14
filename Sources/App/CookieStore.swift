import CGI
import Cookies
import Encoding
import FoundationEssentials

/// The program's cookies: one session (chunked when long) and one login state per sign-in attempt.
/// Attributes per CONTRACT.md "Cookies": HttpOnly, SameSite=Lax, Secure over HTTPS, Path = the script's path.
struct CookieStore {
    static let sessionName = "signin_session"
    static let loginStatePrefix = "signin_login_"
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

    // MARK: session

    enum SessionRead {
        case none
        /// A cookie was there but could not be opened (tampered, expired, other key): treat as signed out and expire it.
        case invalid(String)
        case valid(Session, rotated: Bool)
    }

    func readSession() -> SessionRead {
        guard let jwe = CookieChunks.read(Self.sessionName, from: existing) else {
            return hasAnySessionCookie ? .invalid("incomplete") : .none
        }
        guard let vault = keys.vault else { return .invalid("keys") }
        do {
            let (payload, rotated) = try vault.open(jwe, purpose: .session, now: now)
            let session = try JSONDecoder().decode(Session.self, from: Data(payload))
            guard session.v == 1 else { return .invalid("version") }
            return .valid(session, rotated: rotated)
        } catch let error as VaultError {
            return .invalid("\(error)")
        } catch {
            return .invalid("payload")
        }
    }

    var hasAnySessionCookie: Bool {
        existing.names.contains { $0 == Self.sessionName || $0.hasPrefix(Self.sessionName + ".") }
    }

    /// Seals `session` (dropping the access token, then optional claims, when it would not fit the budget).
    func writeSession(_ session: Session, expiresAt: Int64) throws(AppError) -> [SetCookie] {
        var s = session
        for attempt in 0..<3 {
            if attempt == 1 { s.at = nil; s.atExp = nil }
            if attempt == 2 { s.claims = s.claims.filter { ["sub", "name", "oid", "tid"].contains($0.key) } }
            let jwe = try seal(s, purpose: .session, expiresAt: expiresAt)
            if jwe.utf8.count <= Self.sessionBudget {
                return CookieChunks.write(Self.sessionName, value: jwe, existing: existing, path: path, secure: secure, maxAge: nil)
            }
        }
        throw AppError(status: 500, kind: .page(title: "Session too large", message: "The sign-in could not be stored in a cookie."),
                       reason: "session rejected reason=over_cookie_budget")
    }

    func expireSession() -> [SetCookie] {
        CookieChunks.expire(Self.sessionName, existing: existing, path: path, secure: secure)
    }

    // MARK: login state

    /// The cookie name for a login attempt: derived from its `state`, which is base64url (cookie-name safe).
    static func loginStateName(for state: String) -> String? {
        guard state.utf8.count >= 16, state.utf8.count <= 128,
              state.utf8.allSatisfy({ isBase64URLByte($0) }) else { return nil }
        return loginStatePrefix + String(state.prefix(16))
    }

    func readLoginState(state: String) -> LoginState? {
        guard let name = Self.loginStateName(for: state), let jwe = existing.first(name), let vault = keys.vault else { return nil }
        guard let (payload, _) = try? vault.open(jwe, purpose: .loginState, now: now),
              let login = try? JSONDecoder().decode(LoginState.self, from: Data(payload)) else { return nil }
        return login
    }

    /// Sets the cookie for a new attempt, dropping the oldest attempts beyond `maxLoginStates`.
    func writeLoginState(_ login: LoginState) throws(AppError) -> [SetCookie] {
        guard let name = Self.loginStateName(for: login.state) else {
            throw AppError(status: 500, kind: .page(title: "Internal error", message: "Could not start sign-in."), reason: "login state rejected reason=state_format")
        }
        let jwe = try seal(login, purpose: .loginState, expiresAt: login.created + Self.loginStateLifetime)
        var out: [SetCookie] = []
        var others: [(name: String, created: Int64)] = []
        for other in existing.names where other.hasPrefix(Self.loginStatePrefix) && other != name {
            if let value = existing.first(other), let vault = keys.vault,
               let (payload, _) = try? vault.open(value, purpose: .loginState, now: now),
               let state = try? JSONDecoder().decode(LoginState.self, from: Data(payload)) {
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
        var seen = Set<String>()
        return existing.names.filter { $0.hasPrefix(Self.loginStatePrefix) && seen.insert($0).inserted }.map(expired)
    }

    // MARK: helpers

    private func expired(_ name: String) -> SetCookie {
        SetCookie(name: name, value: "", path: path, maxAge: 0, secure: secure)
    }

    private func seal(_ value: some Encodable, purpose: CookiePurpose, expiresAt: Int64) throws(AppError) -> String {
        do {
            guard let vault = keys.vault else { throw VaultError.badSecret }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let payload = try [UInt8](encoder.encode(value))
            return try vault.seal(payload, purpose: purpose, expiresAt: expiresAt, compress: purpose == .session)
        } catch {
            throw AppError(status: 500, kind: .page(title: "Internal error", message: "The session could not be stored."),
                           reason: "cookie seal failed reason=\(error)")
        }
    }

    private static func isBase64URLByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x2d || b == 0x5f
    }
}
