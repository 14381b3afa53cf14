import App
import CGI
import Encoding
import Testing

/// The tutorial's flow as function calls: `/` → `/login` → provider → callback → `/` → `/logout`.
@Suite("Sign-in flow")
struct SignInFlowTests {
    /// Runs `/login`, follows the link's parameters, returns (browser, state, the callback query without code).
    static func startLogin(_ op: TestProvider, _ browser: inout Browser, app: SigninApp) throws -> (state: String, nonce: String) {
        let page = app.respond(to: try browser.request("/login"))
        #expect(page.status == 200)
        browser.take(page)
        let link = try #require(signInLink(page.text))
        let q = queryItems(link)
        let state = try #require(q["state"])
        let nonce = try #require(q["nonce"])
        op.lastNonce = nonce
        return (state, nonce)
    }

    @Test("signed-out / redirects to the absolute /login URL")
    func signedOutIndex() throws {
        let op = try TestProvider()
        let response = op.app().respond(to: try Browser().request("/"))
        #expect(response.status == 302)
        #expect(response.location == "https://example.test/cgi-bin/signin.cgi/login")
        #expect(op.http.requests.isEmpty)
    }

    @Test("the login page links to the authorization endpoint with every parameter")
    func loginPage() throws {
        let op = try TestProvider()
        var browser = Browser()
        let response = op.app().respond(to: try browser.request("/login"))
        browser.take(response)
        #expect(response.status == 200)
        #expect(response.text.contains(">Sign In</a>"))
        let link = try #require(signInLink(response.text))
        #expect(link.hasPrefix(TestProvider.issuer + "/authorize?"))
        let q = queryItems(link)
        #expect(q["response_type"] == "code")
        #expect(q["client_id"] == TestProvider.clientID)
        #expect(q["redirect_uri"] == "https://example.test/cgi-bin/signin.cgi/getAToken")
        #expect(q["scope"] == "openid profile offline_access User.Read")
        #expect(q["code_challenge_method"] == "S256")
        #expect(q["prompt"] == "select_account")
        #expect((q["state"]?.count ?? 0) >= 43 && (q["nonce"]?.count ?? 0) >= 43 && (q["code_challenge"]?.count ?? 0) == 43)
        let cookie = try #require(response.cookies.first { $0.name.hasPrefix("__Secure-signin_login_") })
        #expect(cookie.value.split(separator: ".", omittingEmptySubsequences: false).count == 5)
        #expect(cookie.headerValue.contains("HttpOnly") && cookie.headerValue.contains("SameSite=Lax")
                && cookie.headerValue.contains("Secure") && cookie.headerValue.contains("Path=/cgi-bin/signin.cgi"))
    }

    @Test("a whole sign-in ends on the welcome page with the claims escaped, then logs out")
    func wholeFlow() throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = Browser()
        let (state, _) = try Self.startLogin(op, &browser, app: app)

        let callback = app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)"))
        #expect(callback.status == 302, "\(op.log.lines)")
        #expect(callback.location == "https://example.test/cgi-bin/signin.cgi/")
        #expect(callback.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge != 0 })
        #expect(callback.cookies.contains { $0.name.hasPrefix("__Secure-signin_login_") && $0.maxAge == 0 })
        browser.take(callback)
        #expect(op.http.calls(to: op.tokenURL) == 1)
        let tokenRequest = try #require(op.http.requests.first { $0.url == op.tokenURL })
        let form = String(decoding: tokenRequest.body ?? [], as: UTF8.self)
        #expect(form.contains("code_verifier=") && form.contains("grant_type=authorization_code"))
        #expect(form.contains("redirect_uri=https%3A%2F%2Fexample.test%2Fcgi-bin%2Fsignin.cgi%2FgetAToken"))

        let index = app.respond(to: try browser.request("/"))
        #expect(index.status == 200)
        #expect(index.text.contains("Welcome Ada &lt;b&gt;Lovelace&lt;/b&gt;!"))
        #expect(index.text.contains("ada@example.test"))
        #expect(!index.text.contains("<b>Lovelace"))
        #expect(index.text.contains("/cgi-bin/signin.cgi/call_downstream_api"))

        let logout = app.respond(to: try browser.request("/logout"))
        #expect(logout.status == 302)
        let location = try #require(logout.location)
        #expect(location.hasPrefix("https://op.test/logout?"))
        #expect(queryItems(location)["post_logout_redirect_uri"] == "https://example.test/cgi-bin/signin.cgi/")
        #expect(location.contains("post_logout_redirect_uri=https%3A%2F%2Fexample.test%2Fcgi-bin%2Fsignin.cgi%2F"))
        #expect(logout.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge == 0 })
        browser.take(logout)
        #expect(app.respond(to: try browser.request("/")).status == 302)
    }

    @Test("replaying the callback after success fails: the login state is consumed")
    func replayedCallback() throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = Browser()
        let (state, _) = try Self.startLogin(op, &browser, app: app)
        let saved = browser
        browser.take(app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)")))
        var replay = browser
        replay.jar = replay.jar.filter { !$0.key.hasPrefix("__Secure-signin_login_") }
        let again = app.respond(to: try replay.request("/getAToken", query: "code=abc&state=\(state)"))
        #expect(again.status == 400)
        #expect(op.http.calls(to: op.tokenURL) == 1)
        _ = saved
    }

    @Test("a fresh sign-in replaces an earlier session entirely")
    func freshSignInReplaces() throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = Browser()
        let (s1, _) = try Self.startLogin(op, &browser, app: app)
        browser.take(app.respond(to: try browser.request("/getAToken", query: "code=a&state=\(s1)")))
        op.idTokenOverrides = ["sub": .string("user-2"), "name": .string("Grace"), "email": .string("grace@example.test")]
        let (s2, _) = try Self.startLogin(op, &browser, app: app)
        browser.take(app.respond(to: try browser.request("/getAToken", query: "code=b&state=\(s2)")))
        let index = app.respond(to: try browser.request("/"))
        #expect(index.text.contains("Welcome Grace!"))
        #expect(!index.text.contains("ada@example.test"))
    }

    @Test("several tabs can sign in at once; at most three login states are kept")
    func severalTabs() throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = Browser()
        var states: [String] = []
        for _ in 0..<5 {
            states.append(try Self.startLogin(op, &browser, app: app).state)
            op.clock.now += 1
        }
        #expect(browser.jar.keys.filter { $0.hasPrefix("__Secure-signin_login_") }.count == 3)
        // The newest attempt still works; the oldest is gone.
        let oldest = app.respond(to: try browser.request("/getAToken", query: "code=a&state=\(states[0])"))
        #expect(oldest.status == 400)
        let newest = app.respond(to: try browser.request("/getAToken", query: "code=a&state=\(states[4])"))
        #expect(newest.status == 302)
    }
}
