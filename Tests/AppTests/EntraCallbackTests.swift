import App
import CGI
import Encoding
import Testing

/// Azure AD B2C's two error answers that are not errors, Entra v1.0 tokens, and Entra multi-tenant through OIDC_AUTHORITY.
@Suite("Entra and B2C callbacks")
struct EntraCallbackTests {
    static let forgotPassword = "AADB2C90118: The user has forgotten their password."
    static let cancelled = "AADB2C90091: The user has cancelled entering self-asserted information."

    /// `/login` (optionally for a user flow) then the callback with `query` and the login's state.
    static func callback(_ app: SigninApp, _ op: TestProvider, flow: String? = nil, _ query: String) throws -> (Response, Browser) {
        var browser = Browser()
        let page = app.respond(to: try browser.request("/login", query: flow.map { "user_flow=\($0)" } ?? ""))
        #expect(page.status == 200)
        browser.take(page)
        let link = try #require(signInLink(page.text))
        let state = try #require(queryItems(link)["state"])
        op.lastNonce = queryItems(link)["nonce"]
        let response = app.respond(to: try browser.request("/getAToken", query: query + "&state=" + state))
        return (response, browser)
    }

    static func b2cError(_ description: String) -> String {
        "error=access_denied&error_description=" + Percent.encode(description)
    }

    static func expectsLoginStateExpiredAndNoSession(_ response: Response) {
        #expect(response.cookies.contains { $0.name.hasPrefix("__Secure-signin_login_") && $0.maxAge == 0 })
        #expect(!response.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge != 0 })
        #expect(response.body.isEmpty || !response.text.contains("access_denied"), "no error page")
    }

    @Test("B2C AADB2C90118 (forgot password) starts the reset-password user flow")
    func forgotPasswordStartsReset() throws {
        let op = try TestProvider()
        let app = B2CUserFlowTests.app(op)
        let (response, _) = try Self.callback(app, op, Self.b2cError(Self.forgotPassword))
        #expect(response.status == 302)
        #expect(response.location == "https://example.test/cgi-bin/signin.cgi/login?user_flow=reset_password")
        Self.expectsLoginStateExpiredAndNoSession(response)
        #expect(op.log.lines.contains { $0.contains("reason=password_reset") })
        #expect(!op.http.requests.contains { $0.url.hasSuffix("/token") }, "no token request")
    }

    @Test("B2C AADB2C90091 (cancelled) goes back to the index")
    func cancelledGoesHome() throws {
        let op = try TestProvider()
        let app = B2CUserFlowTests.app(op)
        let (response, _) = try Self.callback(app, op, Self.b2cError(Self.cancelled))
        #expect(response.status == 302)
        #expect(response.location == "https://example.test/cgi-bin/signin.cgi/")
        Self.expectsLoginStateExpiredAndNoSession(response)
        #expect(op.log.lines.contains { $0.contains("reason=user_cancelled") })
    }

    @Test("AADB2C90118 inside the reset-password flow itself, or another access_denied, is an error page")
    func otherAccessDeniedIsAnError() throws {
        for (flow, description) in [("reset_password", Self.forgotPassword), (nil, "AADB2C90273: An invalid response was received.")] as [(String?, String)] {
            let op = try TestProvider()
            let (response, _) = try Self.callback(B2CUserFlowTests.app(op), op, flow: flow, Self.b2cError(description))
            #expect(response.status == 400)
            #expect(response.text.contains("access_denied"))
            #expect(response.cookies.contains { $0.name.hasPrefix("__Secure-signin_login_") && $0.maxAge == 0 })
            #expect(op.log.lines.contains { $0.contains("reason=provider_error") })
        }
    }

    @Test("an Entra v1.0 ID token is refused with its own reason and advice")
    func v1Token() throws {
        let op = try TestProvider()
        op.idTokenOverrides = ["iss": .string("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/"), "ver": .string("1.0")]
        let (response, _) = try Self.callback(op.app(), op, "code=abc")
        #expect(response.status == 401)
        #expect(response.text.contains("v1.0 token: set accessTokenAcceptedVersion / use the v2.0 endpoint"))
        #expect(op.log.lines.contains { $0.contains("reason=v1_token") }, "\(op.log.lines)")
        #expect(!response.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge != 0 })
    }

    static let tid = "72f988bf-86f1-41af-91ab-2d7cd011db47"

    /// The test provider also serving Entra multi-tenant metadata under /common/v2.0.
    static func multiTenant(_ op: TestProvider) -> SigninApp {
        op.http.on("https://op.test/common/v2.0/.well-known/openid-configuration") { [unowned op] _ in
            var m = op.metadata
            m["issuer"] = .string("https://op.test/{tenantid}/v2.0")
            m["authorization_response_iss_parameter_supported"] = nil
            return json(.object(m))
        }
        return op.app(extra: ["OIDC_AUTHORITY": "https://op.test/common/v2.0"])
    }

    @Test("OIDC_AUTHORITY …/common/v2.0: a token of its own tenant signs in and the session holds on the next request")
    func multiTenantSignIn() throws {
        let op = try TestProvider()
        let app = Self.multiTenant(op)
        op.idTokenOverrides = ["iss": .string("https://op.test/\(Self.tid)/v2.0"), "tid": .string(Self.tid)]
        var (response, browser) = try Self.callback(app, op, "code=abc")
        #expect(response.status == 302, "\(op.log.lines)")
        browser.take(response)
        let index = app.respond(to: try browser.request("/"))
        #expect(index.status == 200, "\(op.log.lines)")
        #expect(index.text.contains("Welcome"))
    }

    @Test("OIDC_AUTHORITY …/common/v2.0: a token whose iss names another tenant than its tid is refused")
    func multiTenantWrongTenant() throws {
        let op = try TestProvider()
        let app = Self.multiTenant(op)
        op.idTokenOverrides = ["iss": .string("https://op.test/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"), "tid": .string(Self.tid)]
        let (response, _) = try Self.callback(app, op, "code=abc")
        #expect(response.status == 401)
        #expect(op.log.lines.contains { $0.contains("reason=iss_claim_mismatch") }, "\(op.log.lines)")
    }

    /// RFC 9207 §2.4 with a multi-tenant template: an `iss` parameter for tenant B passes the template, but the ID token
    /// comes from tenant A, so the two must be compared (the response was not issued by the issuer that signed the token).
    @Test("OIDC_AUTHORITY …/common/v2.0: an iss parameter of another tenant than the ID token's is refused")
    func issParameterOfAnotherTenant() throws {
        let op = try TestProvider()
        let app = Self.multiTenant(op)
        op.idTokenOverrides = ["iss": .string("https://op.test/\(Self.tid)/v2.0"), "tid": .string(Self.tid)]
        let other = "https%3A%2F%2Fop.test%2F9188040d-6c67-4c5b-b112-36a304b66dad%2Fv2.0"
        let (response, _) = try Self.callback(app, op, "code=abc&iss=\(other)")
        #expect(response.status == 400)
        #expect(!response.cookies.contains { $0.name.contains("signin_session") && $0.maxAge != 0 })
        #expect(op.log.lines.contains { $0.contains("reason=iss_mismatch") }, "\(op.log.lines)")
        // The same tenant's iss parameter signs in.
        let op2 = try TestProvider()
        let app2 = Self.multiTenant(op2)
        op2.idTokenOverrides = ["iss": .string("https://op.test/\(Self.tid)/v2.0"), "tid": .string(Self.tid)]
        let same = "https%3A%2F%2Fop.test%2F\(Self.tid)%2Fv2.0"
        #expect(try Self.callback(app2, op2, "code=abc&iss=\(same)").0.status == 302, "\(op2.log.lines)")
    }
}
