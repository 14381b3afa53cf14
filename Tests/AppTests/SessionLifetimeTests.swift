import App
import Effects
import CGI
import Encoding
import Testing

@Suite("Session lifetime and the downstream API")
struct SessionLifetimeTests {
    /// A browser that has just signed in.
    static func signedIn(_ op: TestProvider, app: SigninApp) throws -> Browser {
        var browser = Browser()
        let (state, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
        let callback = app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)"))
        #expect(callback.status == 302)
        browser.take(callback)
        return browser
    }

    @Test("the idle timeout ends a session")
    func idleTimeout() throws {
        let op = try TestProvider()
        let app = op.app(extra: ["SESSION_IDLE_TIMEOUT": "600"])
        var browser = try Self.signedIn(op, app: app)
        op.clock.now += 599
        let inTime = app.respond(to: try browser.request("/"))
        #expect(inTime.status == 200)
        browser.take(inTime)
        op.clock.now += 601
        let late = app.respond(to: try browser.request("/"))
        #expect(late.status == 302)
        #expect(late.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge == 0 })
    }

    @Test("activity keeps a session alive past the idle timeout, but not past the absolute maximum")
    func absoluteTimeout() throws {
        let op = try TestProvider()
        let app = op.app(extra: ["SESSION_IDLE_TIMEOUT": "1000", "SESSION_MAX_LIFETIME": "3000"])
        var browser = try Self.signedIn(op, app: app)
        for _ in 0..<5 {
            op.clock.now += 500
            let r = app.respond(to: try browser.request("/"))
            browser.take(r)
            if op.clock.now - TestProvider.t0 < 3000 { #expect(r.status == 200, "\(op.log.lines)") }
        }
        op.clock.now = TestProvider.t0 + 3001
        #expect(app.respond(to: try browser.request("/")).status == 302)
    }

    @Test("the session cookie is rewritten only when something changed")
    func noNeedlessRewrite() throws {
        let op = try TestProvider()
        let app = op.app()
        let browser = try Self.signedIn(op, app: app)
        op.clock.now += 10
        #expect(app.respond(to: try browser.request("/")).cookies.isEmpty)
        op.clock.now += 400
        #expect(!app.respond(to: try browser.request("/")).cookies.isEmpty)
    }

    @Test("an expired ID token is renewed silently with the refresh token")
    func silentRenewal() throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = try Self.signedIn(op, app: app)
        op.clock.now += 3700
        let r = app.respond(to: try browser.request("/"))
        #expect(r.status == 200, "\(op.log.lines)")
        #expect(op.refreshCount == 1)
        browser.take(r)
        #expect(app.respond(to: try browser.request("/")).status == 200)
        #expect(op.refreshCount == 1)
    }

    @Test("a refused renewal signs the user out")
    func refusedRenewal() throws {
        let op = try TestProvider()
        let app = op.app()
        let browser = try Self.signedIn(op, app: app)
        op.tokenAnswer = { _ in json(400, .object(["error": .string("invalid_grant")])) }
        op.clock.now += 3700
        let r = app.respond(to: try browser.request("/"))
        #expect(r.status == 302)
        #expect(r.location?.hasSuffix("/login") == true)
    }

    @Test("the API is called with the session's access token, shown escaped")
    func callAPI() throws {
        let op = try TestProvider()
        let app = op.app()
        let browser = try Self.signedIn(op, app: app)
        let r = app.respond(to: try browser.request("/call_downstream_api"))
        #expect(r.status == 200)
        #expect(r.text.contains("Ada &lt;Lovelace&gt;"))
        let call = try #require(op.http.requests.last)
        #expect(call.url == op.apiURL)
        #expect(call.headers.contains { $0.0 == "Authorization" && $0.1 == "Bearer at-1" })
        #expect(op.refreshCount == 0)
    }

    @Test("an access token with under 5 minutes left is refreshed first, and the rotated refresh token kept")
    func refreshBeforeAPI() throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = try Self.signedIn(op, app: app)
        op.clock.now += 3400
        let r = app.respond(to: try browser.request("/call_downstream_api"))
        #expect(r.status == 200, "\(op.log.lines)")
        #expect(op.refreshCount == 1)
        #expect(op.http.requests.last?.headers.contains { $0.1 == "Bearer at-refreshed-1" } == true)
        browser.take(r)
        op.clock.now += 3500
        _ = app.respond(to: try browser.request("/call_downstream_api"))
        let lastRefresh = try #require(op.http.requests.last { $0.url == op.tokenURL })
        #expect(String(decoding: lastRefresh.body ?? [], as: UTF8.self).contains("refresh_token=rt-rotated-1"))
    }

    @Test("signed out, or the refresh refused: the API route sends the user to /login, never a 5xx")
    func apiWithoutToken() throws {
        let op = try TestProvider()
        let app = op.app()
        #expect(app.respond(to: try Browser().request("/call_downstream_api")).location?.hasSuffix("/login") == true)
        let browser = try Self.signedIn(op, app: app)
        op.clock.now += 3400
        op.tokenAnswer = { _ in json(400, .object(["error": .string("invalid_grant")])) }
        let r = app.respond(to: try browser.request("/call_downstream_api"))
        #expect(r.status == 302)
        #expect(r.location?.hasSuffix("/login") == true)
        op.http.on(op.tokenURL) { _ throws(HTTPError) in throw HTTPError.transport("down") }
        #expect(app.respond(to: try browser.request("/call_downstream_api")).status == 302)
    }

    @Test("API failures give a clear page", arguments: [401, 500])
    func apiFailure(status: Int) throws {
        let op = try TestProvider()
        let app = op.app()
        let browser = try Self.signedIn(op, app: app)
        op.http.on(op.apiURL) { _ in json(status, .object(["error": .string("x")])) }
        let r = app.respond(to: try browser.request("/call_downstream_api"))
        #expect(r.status == 502)
        #expect(r.text.contains("HTTP status \(status)"))
    }

    @Test("a non-JSON answer and a timeout each give a clear page")
    func apiNotJSON() throws {
        let op = try TestProvider()
        let app = op.app()
        let browser = try Self.signedIn(op, app: app)
        op.http.on(op.apiURL) { _ in HTTPResponse(status: 200, headers: [], body: Array("<html>".utf8)) }
        #expect(app.respond(to: try browser.request("/call_downstream_api")).text.contains("not JSON"))
        op.http.on(op.apiURL) { _ throws(HTTPError) in throw HTTPError.timeout }
        let r = app.respond(to: try browser.request("/call_downstream_api"))
        #expect(r.status == 504)
        #expect(r.text.contains("timed out"))
    }

    @Test("a claims challenge sends the user to sign in again with that claims value")
    func claimsChallenge() throws {
        let op = try TestProvider()
        let app = op.app()
        let browser = try Self.signedIn(op, app: app)
        let claims = #"{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}"#
        op.http.on(op.apiURL) { _ in
            json(401, .object([:]), headers: [("www-authenticate", "Bearer realm=\"\", error=\"insufficient_claims\", claims=\"\(Base64.encode(Array(claims.utf8)))\"")])
        }
        let r = app.respond(to: try browser.request("/call_downstream_api"))
        #expect(r.status == 302)
        let location = try #require(r.location)
        #expect(location.hasPrefix("https://example.test/cgi-bin/signin.cgi/login?claims="))
        var b = browser
        let login = app.respond(to: try b.request("/login", query: String(location.split(separator: "?")[1])))
        b.take(login)
        #expect(queryItems(signInLink(login.text) ?? "")["claims"] == claims)
    }
}

@Suite("Secret rotation")
struct SecretRotationTests {
    static let newSecret = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="

    /// The `kid` of a compact JWE's protected header.
    static func kid(_ jwe: String) throws -> String? {
        let header = try #require(Base64.urlDecode(jwe.split(separator: ".", omittingEmptySubsequences: false)[0]))
        return try JSONValue.parse(header)["kid"]?.stringValue
    }

    @Test("a session under SESSION_SECRET_PREVIOUS is read and rewritten under the current key")
    func rotation() throws {
        let op = try TestProvider()
        var browser = try SessionLifetimeTests.signedIn(op, app: op.app())
        let oldKid = try Self.kid(try #require(browser.jar["__Secure-signin_session"] ?? browser.jar["__Secure-signin_session.0"]))

        let rotated = op.app(extra: ["SESSION_SECRET": Self.newSecret, "SESSION_SECRET_PREVIOUS": TestProvider.secret])
        let r = rotated.respond(to: try browser.request("/"))
        #expect(r.status == 200)
        let rewritten = try #require(r.cookies.first { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge != 0 })
        let newKid = try Self.kid(rewritten.value)
        #expect(newKid != nil && newKid != oldKid)
        browser.take(r)

        // Without the previous secret, the old cookie would have been refused.
        let old = try SessionLifetimeTests.signedIn(op, app: op.app())
        #expect(op.app(extra: ["SESSION_SECRET": Self.newSecret]).respond(to: try old.request("/")).status == 302)
        // The rewritten cookie opens under the new secret alone.
        #expect(op.app(extra: ["SESSION_SECRET": Self.newSecret]).respond(to: try browser.request("/")).status == 200)
    }
}
