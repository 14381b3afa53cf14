import App
import CGI
import Encoding
import Testing

/// `/login?login_hint=&domain_hint=` passed on to the authorization request (OpenID Connect Core 3.1.2.1;
/// Microsoft identity platform, "OpenID Connect on the Microsoft identity platform"), and the `PROMPT` setting.
@Suite("Login hints and PROMPT")
struct LoginHintPromptTests {
    static func login(_ op: TestProvider, query: String = "", extra: [String: String] = [:]) throws -> Response {
        op.app(extra: extra).respond(to: try Browser().request("/login", query: query))
    }

    @Test("login_hint and domain_hint both reach the authorization URL")
    func hintsPassedOn() throws {
        let op = try TestProvider()
        let page = try Self.login(op, query: "login_hint=a%40b.c&domain_hint=contoso.com")
        #expect(page.status == 200)
        let link = try #require(signInLink(page.text))
        let q = queryItems(link)
        #expect(q["login_hint"] == "a@b.c")
        #expect(q["domain_hint"] == "contoso.com")
        let plainPage = try Self.login(op)
        let plain = queryItems(try #require(signInLink(plainPage.text)))
        #expect(plain["login_hint"] == nil && plain["domain_hint"] == nil)
    }

    @Test("a hint of exactly 256 bytes is passed on")
    func longestHint() throws {
        let op = try TestProvider()
        let hint = String(repeating: "a", count: 250) + "@b.cde"
        let page = try Self.login(op, query: "login_hint=" + Percent.encode(hint))
        #expect(page.status == 200)
        let link = try #require(signInLink(page.text))
        #expect(queryItems(link)["login_hint"] == hint)
    }

    static let badHints: [String] = [
        "login_hint=a%01b", "login_hint=a%0Ab", "login_hint=a%0D%0ASet-Cookie:x", "login_hint=a%7Fb", "login_hint=a%C2%85b",
        "login_hint=a%20b", "login_hint=" + String(repeating: "a", count: 257), "domain_hint=contoso.com%00",
        "domain_hint=" + String(repeating: "d", count: 257),
    ]

    @Test("a hint with a control character or over 256 bytes is a 400 bad_login_hint, with no login state", arguments: badHints)
    func badHint(_ query: String) throws {
        let op = try TestProvider()
        let page = try Self.login(op, query: query)
        #expect(page.status == 400)
        #expect(op.log.lines.contains { $0.contains("reason=bad_login_hint") }, "\(op.log.lines)")
        #expect(!page.cookies.contains { $0.name.hasPrefix("__Secure-signin_login_") && $0.maxAge != 0 })
        #expect(!page.text.contains("/authorize?"))
    }

    @Test("PROMPT is sent as set; empty sends none; select_account by default",
          arguments: [("login", "login"), ("consent", "consent"), ("none", "none"), ("select_account", "select_account"),
                      (" login ", "login"), ("", nil), (nil, "select_account")] as [(String?, String?)])
    func prompt(_ setting: String?, _ sent: String?) throws {
        let op = try TestProvider()
        let page = try Self.login(op, extra: setting.map { ["PROMPT": $0] } ?? [:])
        #expect(page.status == 200)
        let link = try #require(signInLink(page.text))
        #expect(queryItems(link)["prompt"] == sent)
        #expect(link.contains("prompt=") == (sent != nil))
    }

    @Test("an invalid PROMPT is a configuration error", arguments: ["LOGIN", "select_account login", "bogus", "none,login"])
    func badPrompt(_ setting: String) throws {
        let op = try TestProvider()
        let page = try Self.login(op, extra: ["PROMPT": setting])
        #expect(page.status == 500)
        #expect(page.text.contains("PROMPT"))
        #expect(op.log.lines.contains { $0.contains("reason=settings_invalid") }, "\(op.log.lines)")
        #expect(op.http.requests.isEmpty, "no provider call with a broken configuration")
    }
}
