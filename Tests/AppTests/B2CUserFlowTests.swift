import App
import CGI
import Effects
import Encoding
import Testing

/// Azure AD B2C: the sign-up/sign-in flow by default, edit profile and reset password on request.
@Suite("B2C user flows")
struct B2CUserFlowTests {
    static func metadata(_ flow: String) -> JSONValue {
        let base = "https://contoso.b2clogin.com/contoso.onmicrosoft.com/\(flow.lowercased())/oauth2/v2.0"
        return .object([
            "issuer": .string("https://contoso.b2clogin.com/6b1b4b3e-1f1b-4f2c-9e55-3f0c6f1f2a10/v2.0/"),
            "authorization_endpoint": .string(base + "/authorize"), "token_endpoint": .string(base + "/token"),
            "jwks_uri": .string("https://contoso.b2clogin.com/contoso.onmicrosoft.com/\(flow.lowercased())/discovery/v2.0/keys"),
        ])
    }

    static func app(_ op: TestProvider) -> SigninApp {
        for flow in ["B2C_1_susi", "B2C_1_edit", "B2C_1_reset"] {
            op.http.on("https://contoso.b2clogin.com/contoso.onmicrosoft.com/\(flow)/v2.0/.well-known/openid-configuration") { _ in
                json(Self.metadata(flow))
            }
        }
        let env = ["CLIENT_ID": "c", "CLIENT_SECRET": "s", "SESSION_SECRET": TestProvider.secret, "B2C_TENANT_NAME": "contoso",
                   "SIGNUPSIGNIN_USER_FLOW": "B2C_1_susi", "EDITPROFILE_USER_FLOW": "B2C_1_edit", "RESETPASSWORD_USER_FLOW": "B2C_1_reset"]
        return SigninApp(settings: SettingsLoader.load(environment: env, readFile: { _ in nil }),
                         services: Services(http: op.http, cache: op.cache, clock: op.clock, random: CountingRandom(), log: op.log))
    }

    @Test("the login page uses the sign-up/sign-in flow and offers reset password")
    func defaultFlow() throws {
        let op = try TestProvider()
        let page = Self.app(op).respond(to: try Browser().request("/login"))
        #expect(page.status == 200)
        #expect(signInLink(page.text)?.hasPrefix("https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_susi/oauth2/v2.0/authorize?") == true)
        #expect(page.text.contains("/cgi-bin/signin.cgi/login?user_flow=reset_password"))
    }

    @Test("edit profile and reset password go to their own user flows", arguments: [("edit_profile", "b2c_1_edit"), ("reset_password", "b2c_1_reset")])
    func otherFlows(name: String, path: String) throws {
        let op = try TestProvider()
        let page = Self.app(op).respond(to: try Browser().request("/login", query: "user_flow=\(name)"))
        #expect(page.status == 200)
        #expect(signInLink(page.text)?.hasPrefix("https://contoso.b2clogin.com/contoso.onmicrosoft.com/\(path)/oauth2/v2.0/authorize?") == true)
    }

    @Test("an unknown user flow is a 400")
    func unknownFlow() throws {
        let op = try TestProvider()
        #expect(Self.app(op).respond(to: try Browser().request("/login", query: "user_flow=B2C_1_evil")).status == 400)
        #expect(op.http.requests.isEmpty)
    }
}
