import App
import CGI
import Encoding
import Testing

/// `/userinfo`: the session's claims as JSON for scripts on the same site; `401 {"error":"not_signed_in"}` without a
/// session, never a redirect (README "Routes").
@Suite("/userinfo")
struct UserinfoTests {
    static func object(_ response: Response) throws -> [String: JSONValue] {
        try JSONValue.parseObject(response.body, maxBytes: 65536)
    }

    static func expectNotSignedIn(_ response: Response, _ log: CapturingLogger) throws {
        #expect(response.status == 401)
        #expect(response.location == nil, "never a redirect")
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.text == "{\"error\":\"not_signed_in\"}\n")
        #expect(log.lines.contains { $0.contains("reason=not_signed_in") }, "\(log.lines)")
    }

    @Test("signed in: 200 application/json with the claims, sub and iss")
    func signedIn() throws {
        let op = try TestProvider()
        op.idClaims = ["tid": .string("t-1"), "roles": .array([.string("Reader")]), "preferred_username": .string("ada@contoso.com")]
        let app = op.app()
        let browser = try SessionLifetimeTests.signedIn(op, app: app)
        let response = app.respond(to: try browser.request("/userinfo"))
        #expect(response.status == 200)
        #expect(response.location == nil)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("Cache-Control") == "no-store")
        let claims = try Self.object(response)
        #expect(claims["sub"] == .string("user-1"))
        #expect(claims["iss"] == .string(TestProvider.issuer))
        #expect(claims["name"] == .string("Ada <b>Lovelace</b>"))
        #expect(claims["email"] == .string("ada@example.test"))
        #expect(claims["preferred_username"] == .string("ada@contoso.com"))
        #expect(claims["tid"] == .string("t-1"))
        #expect(claims["roles"] == .array([.string("Reader")]))
        // No token of any kind is handed to scripts.
        #expect(!response.text.contains("at-1") && !response.text.contains("rt-1") && !response.text.contains("nonce"))
    }

    @Test("signed out: 401 JSON, never a redirect")
    func signedOut() throws {
        let op = try TestProvider()
        try Self.expectNotSignedIn(op.app().respond(to: try Browser().request("/userinfo")), op.log)
        #expect(op.http.requests.isEmpty)
    }

    @Test("a tampered, truncated or foreign session cookie: 401 JSON and the cookie expired",
          arguments: ["flip", "truncate", "otherSecret", "junk"])
    func badCookie(_ how: String) throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = try SessionLifetimeTests.signedIn(op, app: app)
        let name = "__Secure-signin_session"
        let value = try #require(browser.jar[name])
        switch how {
        case "flip":
            let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            var tag = Array(parts[4])
            tag[0] = tag[0] == "A" ? "B" : "A"
            browser.jar[name] = (parts[0..<4] + [String(tag)]).joined(separator: ".")
        case "truncate": browser.jar[name] = String(value.dropLast(10))
        case "otherSecret":
            let other = op.app(extra: ["SESSION_SECRET": "ZZECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="])
            let response = other.respond(to: try browser.request("/userinfo"))
            try Self.expectNotSignedIn(response, op.log)
            #expect(response.cookies.contains { $0.name == name && $0.maxAge == 0 })
            return
        default: browser.jar[name] = "not-a-jwe"
        }
        let response = app.respond(to: try browser.request("/userinfo"))
        try Self.expectNotSignedIn(response, op.log)
        #expect(response.cookies.contains { $0.name == name && $0.maxAge == 0 })
        #expect(op.log.lines.contains { $0.hasPrefix("session rejected") }, "\(op.log.lines)")
    }

    @Test("HEAD: the same status and headers, no body")
    func head() throws {
        let op = try TestProvider()
        let settings = SettingsLoader.load(environment: op.environmentSettings, readFile: { _ in nil })
        let services = Services(http: op.http, cache: op.cache, clock: op.clock, random: CountingRandom(), log: op.log)
        let app = op.app()
        let browser = try SessionLifetimeTests.signedIn(op, app: app)
        for signedIn in [true, false] {
            let b = signedIn ? browser : Browser()
            var env = ["GATEWAY_INTERFACE": "CGI/1.1", "SCRIPT_NAME": "/cgi-bin/signin.cgi", "PATH_INFO": "/userinfo",
                       "HTTPS": "on", "SERVER_NAME": "example.test", "SERVER_PORT": "443"]
            if signedIn { env["HTTP_COOKIE"] = b.cookieHeader }
            func run(_ method: String) -> String {
                var e = env
                e["REQUEST_METHOD"] = method
                return String(decoding: CGIProgram.respond(environment: e, settings: settings, services: services, readBody: { _ in [] }), as: UTF8.self)
            }
            let get = run("GET"), head = run("HEAD")
            let getHead = String(get[..<(try #require(get.firstRange(of: "\r\n\r\n"))).lowerBound])
            #expect(head == getHead + "\r\n\r\n", "HEAD is GET's head alone")
            #expect(head.contains("Content-Type: application/json"))
            #expect(signedIn ? !head.hasPrefix("Status: ") : head.hasPrefix("Status: 401"))
            #expect(!head.contains("Location:"))
        }
    }
}
