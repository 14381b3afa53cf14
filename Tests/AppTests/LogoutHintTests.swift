@testable import App
import CGI
import Crypto
import Encoding
import Testing

/// RP-Initiated Logout 1.0 §2: the end-session request carries `logout_hint` (Entra's `login_hint` claim) and
/// `id_token_hint` while the session kept the raw ID token, so the provider signs out without an account picker.
@Suite("Logout hints")
struct LogoutHintTests {
    static func signedIn(_ op: TestProvider, _ app: SigninApp) throws -> Browser {
        var browser = Browser()
        let (state, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
        let callback = app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)"))
        #expect(callback.status == 302, "\(op.log.lines)")
        browser.take(callback)
        return browser
    }

    @Test("a session with login_hint and a small ID token sends both hints; the ID token sent is the one signed in with")
    func bothHints() throws {
        let op = try TestProvider()
        op.idClaims = ["login_hint": .string("O.aW50ZXJuYWwtaGludA")]
        let app = op.app()
        let browser = try Self.signedIn(op, app)
        let logout = app.respond(to: try browser.request("/logout"))
        let items = queryItems(try #require(logout.location))
        #expect(items["logout_hint"] == "O.aW50ZXJuYWwtaGludA")
        let hint = try #require(items["id_token_hint"])
        #expect(hint.split(separator: ".").count == 3)
        let payload = try #require(Base64.urlDecode(String(hint.split(separator: ".")[1])))
        #expect(try JSONValue.parseObject(payload)["login_hint"]?.stringValue == "O.aW50ZXJuYWwtaGludA")
    }

    @Test("an ID token too large for the cookie budget is dropped first: logout still sends logout_hint")
    func largeIDTokenDropped() throws {
        let op = try TestProvider()
        op.idClaims = ["login_hint": .string("hint-1"),
                       "xms_big": .string(Base64.urlEncode(try SecureRandom.bytes(3000)))]  // incompressible
        let app = op.app()
        let browser = try Self.signedIn(op, app)
        #expect(app.respond(to: try browser.request("/")).status == 200)
        let items = queryItems(try #require(app.respond(to: try browser.request("/logout")).location))
        #expect(items["logout_hint"] == "hint-1")
        #expect(items["id_token_hint"] == nil)
    }
}
