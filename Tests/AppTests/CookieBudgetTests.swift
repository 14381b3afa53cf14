@testable import App
import CGI
import Cookies
import Crypto
import Encoding
import Testing

/// Apache refuses a `Cookie` header over 8,190 bytes and browsers drop a cookie over about 4,096 bytes
/// (README "Cookies"). A worst-case Entra-sized session must fit both.
@Suite("Cookie budget")
struct CookieBudgetTests {
    /// Incompressible base64url text of `count` characters (random bytes from OpenSSL).
    static func randomText(_ count: Int) throws -> String {
        String(Base64.urlEncode(try SecureRandom.bytes(count)).prefix(count))
    }

    /// A JWT-shaped access token of about `count` characters: a JSON header and claims, then a signature.
    static func jwtLike(_ count: Int) throws -> String {
        let header = Base64.urlEncode(Array(#"{"typ":"JWT","nonce":"x","alg":"RS256","x5t":"abc","kid":"abc"}"#.utf8))
        return header + "." + (try Self.randomText(count - header.count - 343)) + "." + (try Self.randomText(342))
    }

    @Test("a worst-case Entra session plus three login states stays under 8,190 bytes; no Set-Cookie line over 4,096")
    func worstCase() throws {
        let now: Int64 = 1_800_000_000
        let vault = CookieVault(current: try CookieKey(secret: Array(repeating: 7, count: 32)), previous: [])
        var session = Session(iss: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
                              sub: try Self.randomText(43), aud: "00000000-0000-0000-0000-00000000c11d",
                              claims: [
                                "sub": .string(try Self.randomText(43)), "oid": .string("00000000-0000-0000-66f3-3332eca7ea81"),
                                "tid": .string("72f988bf-86f1-41af-91ab-2d7cd011db47"),
                                "name": .string(String(repeating: "Maximilian-Alexander ", count: 6)),
                                "preferred_username": .string("maximilian.alexander.longname@contoso-international.onmicrosoft.com"),
                                "email": .string("maximilian.alexander.longname@contoso-international.example.com"),
                                "login_hint": .string(try Self.randomText(120)),
                              ],
                              idExp: now + 3600, created: now, seen: now, exp: now + 86400)
        session.at = try Self.jwtLike(2600)
        session.atExp = now + 3600
        session.atScope = "openid profile email https://graph.microsoft.com/User.Read"
        session.rt = try Self.randomText(1800)

        let store = CookieStore(keys: VaultKeys(current: Array(repeating: 7, count: 32), previous: []), existing: CookieHeader(header: nil), path: "/cgi-bin/signin.cgi", secure: true, now: now)
        let sessionCookies = try store.writeSession(session)
        var loginCookies: [SetCookie] = []
        for i in 0..<CookieStore.maxLoginStates {
            let state = try Self.randomText(43)
            let attempt = LoginState(state: state, nonce: try Self.randomText(43), verifier: try Self.randomText(43),
                                     iss: session.iss, redirectURI: "https://www.contoso-international.example.com/cgi-bin/signin.cgi/getAToken",
                                     created: now + Int64(i))
            loginCookies += try store.writeLoginState(attempt).filter { $0.maxAge != 0 }
        }
        let all = sessionCookies.filter { $0.maxAge != 0 } + loginCookies
        let cookieHeader = "Cookie: " + all.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
        let largestSetCookie = all.map { ("Set-Cookie: " + $0.headerValue).utf8.count }.max() ?? 0

        // Does the access token still fit, or was it dropped for the refresh token?
        let kept = try #require(CookieChunks.read(store.names.session, from: CookieHeader(header: all.map { "\($0.name)=\($0.value)" }.joined(separator: "; "))))
        let opened = try vault.open(kept, purpose: .session, now: now)
        let text = String(decoding: opened.payload, as: UTF8.self)
        print("cookie budget: Cookie header \(cookieHeader.utf8.count) bytes (limit 8190), largest Set-Cookie line \(largestSetCookie) bytes (limit 4096), session in \(sessionCookies.count) cookie(s), access token kept: \(text.contains("\"at\""))")
        #expect(cookieHeader.utf8.count < 8190)
        #expect(largestSetCookie <= 4096)
        #expect(text.contains("\"rt\""), "the refresh token is always kept")
    }
}
