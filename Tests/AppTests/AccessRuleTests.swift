import App
import CGI
import Encoding
import Testing

/// `ALLOWED_TENANTS`, `ALLOWED_USERS`, `ALLOWED_GROUPS`, `ALLOWED_ROLES` (README "Access rules"), end to end:
/// each set rule must hold; a refused user gets the 403 page, no session, and a reason code in the log.
@Suite("Access rules")
struct AccessRuleTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let logoutURL = "https://example.test/cgi-bin/signin.cgi/logout"

    /// One case: the rules, the claims the ID token carries, and the reason code a refusal logs (nil: signed in).
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let rules: [String: String]
        let claims: [String: JSONValue]
        let refusal: String?
        var testDescription: String { name }
    }

    static func strings(_ values: String...) -> JSONValue { .array(values.map { .string($0) }) }

    static let noUser: [String: JSONValue] = ["email": .null]

    static let cases: [Case] = [
        // ALLOWED_TENANTS: the tid claim, case-insensitively.
        Case(name: "tenant listed", rules: ["ALLOWED_TENANTS": "11111111-1111-1111-1111-111111111111, \(tenant)"],
             claims: ["tid": .string(tenant)], refusal: nil),
        Case(name: "tenant listed, other case", rules: ["ALLOWED_TENANTS": tenant.uppercased()], claims: ["tid": .string(tenant)], refusal: nil),
        Case(name: "tenant not listed", rules: ["ALLOWED_TENANTS": tenant],
             claims: ["tid": .string("22222222-2222-2222-2222-222222222222")], refusal: "tenant_not_allowed"),
        Case(name: "tenant prefix only", rules: ["ALLOWED_TENANTS": tenant], claims: ["tid": .string(String(tenant.prefix(8)))],
             refusal: "tenant_not_allowed"),
        Case(name: "no tid claim", rules: ["ALLOWED_TENANTS": tenant], claims: [:], refusal: "tenant_not_allowed"),

        // ALLOWED_USERS: a whole name, or @domain as a suffix "@domain" (case-insensitive); preferred_username, else email.
        Case(name: "user listed", rules: ["ALLOWED_USERS": "ada@contoso.com, @fabrikam.com"],
             claims: ["preferred_username": .string("ada@contoso.com")], refusal: nil),
        Case(name: "user listed, other case", rules: ["ALLOWED_USERS": "Ada@Contoso.com"],
             claims: ["preferred_username": .string("ADA@contoso.COM")], refusal: nil),
        Case(name: "user by @domain", rules: ["ALLOWED_USERS": "ada@contoso.com, @fabrikam.com"],
             claims: ["preferred_username": .string("Bob@FABRIKAM.com")], refusal: nil),
        Case(name: "user from email when no preferred_username", rules: ["ALLOWED_USERS": "ada@example.test"], claims: [:], refusal: nil),
        Case(name: "user not listed", rules: ["ALLOWED_USERS": "ada@contoso.com, @fabrikam.com"],
             claims: ["preferred_username": .string("eve@contoso.com")], refusal: "user_not_allowed"),
        Case(name: "user name with a longer domain", rules: ["ALLOWED_USERS": "ada@contoso.com"],
             claims: ["preferred_username": .string("ada@contoso.com.evil")], refusal: "user_not_allowed"),
        Case(name: "user name with a prefix", rules: ["ALLOWED_USERS": "ada@contoso.com"],
             claims: ["preferred_username": .string("eve.ada@contoso.com")], refusal: "user_not_allowed"),
        Case(name: "@domain does not match a longer domain", rules: ["ALLOWED_USERS": "@fabrikam.com"],
             claims: ["preferred_username": .string("evil@fabrikam.com.evil")], refusal: "user_not_allowed"),
        Case(name: "@domain does not match a subdomain", rules: ["ALLOWED_USERS": "@fabrikam.com"],
             claims: ["preferred_username": .string("x@sub.fabrikam.com")], refusal: "user_not_allowed"),
        Case(name: "@domain does not match a domain ending in it", rules: ["ALLOWED_USERS": "@fabrikam.com"],
             claims: ["preferred_username": .string("x@evilfabrikam.com")], refusal: "user_not_allowed"),
        Case(name: "@domain does not match the bare @domain", rules: ["ALLOWED_USERS": "@fabrikam.com"],
             claims: ["preferred_username": .string("@fabrikam.com")], refusal: "user_not_allowed"),
        Case(name: "a lone @ matches no one", rules: ["ALLOWED_USERS": "@"],
             claims: ["preferred_username": .string("a@b")], refusal: "user_not_allowed"),
        Case(name: "preferred_username wins over email", rules: ["ALLOWED_USERS": "ada@example.test"],
             claims: ["preferred_username": .string("eve@evil.test")], refusal: "user_not_allowed"),
        Case(name: "no user name at all", rules: ["ALLOWED_USERS": "@example.test"], claims: noUser, refusal: "user_not_allowed"),

        // ALLOWED_GROUPS: any listed group id, case-insensitively.
        Case(name: "group listed", rules: ["ALLOWED_GROUPS": "g-1, g-2"], claims: ["groups": strings("x", "g-2")], refusal: nil),
        Case(name: "group listed, other case", rules: ["ALLOWED_GROUPS": "G-1"], claims: ["groups": strings("g-1")], refusal: nil),
        Case(name: "group not listed", rules: ["ALLOWED_GROUPS": "g-1, g-2"], claims: ["groups": strings("g-3", "g-12")],
             refusal: "group_not_allowed"),
        Case(name: "no groups", rules: ["ALLOWED_GROUPS": "g-1"], claims: ["groups": strings()], refusal: "group_not_allowed"),
        Case(name: "no groups claim", rules: ["ALLOWED_GROUPS": "g-1"], claims: [:], refusal: "group_not_allowed"),

        // ALLOWED_ROLES: any listed app role, compared exactly (app role values are case-sensitive).
        Case(name: "role listed", rules: ["ALLOWED_ROLES": "Admin, Reader"], claims: ["roles": strings("Reader")], refusal: nil),
        Case(name: "role not listed", rules: ["ALLOWED_ROLES": "Admin"], claims: ["roles": strings("Reader")], refusal: "role_not_allowed"),
        Case(name: "role in another case", rules: ["ALLOWED_ROLES": "Admin"], claims: ["roles": strings("admin")], refusal: "role_not_allowed"),
        Case(name: "no roles claim", rules: ["ALLOWED_ROLES": "Admin"], claims: [:], refusal: "role_not_allowed"),

        // Together: every rule that is set must hold.
        Case(name: "all four hold", rules: allFour, claims: everyone, refusal: nil),
        Case(name: "all but the tenant", rules: allFour, claims: everyone.merging(["tid": .string("other")]) { $1 }, refusal: "tenant_not_allowed"),
        Case(name: "all but the user", rules: allFour, claims: everyone.merging(["preferred_username": .string("eve@evil.test")]) { $1 },
             refusal: "user_not_allowed"),
        Case(name: "all but the group", rules: allFour, claims: everyone.merging(["groups": strings("g-9")]) { $1 }, refusal: "group_not_allowed"),
        Case(name: "all but the role", rules: allFour, claims: everyone.merging(["roles": strings("Guest")]) { $1 }, refusal: "role_not_allowed"),

        // Entra group overage: `_claim_names.groups` and no `groups` claim.
        Case(name: "group overage with ALLOWED_GROUPS", rules: ["ALLOWED_GROUPS": "g-1"], claims: overage, refusal: "group_overage"),
        Case(name: "group overage without ALLOWED_GROUPS", rules: ["ALLOWED_ROLES": "Reader"],
             claims: overage.merging(["roles": strings("Reader")]) { $1 }, refusal: nil),
        Case(name: "_claim_names beside a groups claim is no overage", rules: ["ALLOWED_GROUPS": "g-1"],
             claims: overage.merging(["groups": strings("g-2")]) { $1 }, refusal: "group_not_allowed"),
    ]

    static let allFour = ["ALLOWED_TENANTS": tenant, "ALLOWED_USERS": "@contoso.com", "ALLOWED_GROUPS": "g-1", "ALLOWED_ROLES": "Reader"]
    static let everyone: [String: JSONValue] = ["tid": .string(tenant), "preferred_username": .string("ada@contoso.com"),
                                                "groups": strings("g-1"), "roles": strings("Reader")]
    static let overage: [String: JSONValue] = [
        "_claim_names": .object(["groups": .string("src1")]),
        "_claim_sources": .object(["src1": .object(["endpoint": .string("https://graph.microsoft.com/v1.0/users/x/getMemberObjects")])]),
    ]

    /// A provider whose ID tokens carry `claims` (a JSON null hides a default claim from the rules and pages).
    static func provider(_ claims: [String: JSONValue]) throws -> TestProvider {
        let op = try TestProvider()
        op.idClaims = claims
        return op
    }

    /// Sign in through the callback; returns the callback's response.
    static func callback(_ op: TestProvider, _ app: SigninApp, _ browser: inout Browser) throws -> Response {
        let (state, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
        return app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)"))
    }

    static func setsSession(_ response: Response) -> Bool {
        response.cookies.contains { $0.name.contains("signin_session") && $0.maxAge != 0 }
    }

    @Test("at the callback: allowed users get a session, refused users the 403 page and none", arguments: cases)
    func atCallback(_ c: Case) throws {
        let op = try Self.provider(c.claims)
        let app = op.app(extra: c.rules)
        var browser = Browser()
        let response = try Self.callback(op, app, &browser)
        guard let reason = c.refusal else {
            #expect(response.status == 302, "\(op.log.lines)")
            #expect(Self.setsSession(response))
            browser.take(response)
            #expect(app.respond(to: try browser.request("/")).status == 200)
            return
        }
        #expect(response.status == 403)
        #expect(!Self.setsSession(response))
        #expect(response.location == nil)
        #expect(response.cookies.contains { $0.name.hasPrefix("__Secure-signin_login_") && $0.maxAge == 0 }, "the attempt is consumed")
        #expect(op.log.lines.contains { $0.contains("sign-in refused") && $0.contains("reason=\(reason)") }, "\(op.log.lines)")
        Self.expectRefusalPage(response, reason: reason, claims: c.claims)
        browser.take(response)
        #expect(app.respond(to: try browser.request("/")).status == 302, "still signed out")
    }

    /// The 403 page names who is signed in, the rule, and links to sign out.
    static func expectRefusalPage(_ response: Response, reason: String, claims: [String: JSONValue]) {
        let page = response.text
        #expect(page.contains("Access denied"))
        let who = claims["preferred_username"]?.stringValue ?? (claims["email"] == .null ? "user-1" : "ada@example.test")
        #expect(page.contains("Signed in as <strong>\(Escape.html(who))</strong>"), "\(page)")
        let rule = ["tenant_not_allowed": "ALLOWED_TENANTS", "user_not_allowed": "ALLOWED_USERS", "group_not_allowed": "ALLOWED_GROUPS",
                    "group_overage": "ALLOWED_GROUPS", "role_not_allowed": "ALLOWED_ROLES"][reason]!
        #expect(page.contains("(rule: <code>\(rule)</code>)"))
        #expect(page.contains("href=\"\(logoutURL)\">Sign out</a>"))
        if reason == "group_overage" {
            #expect(page.contains("group overage"))
            #expect(page.contains("ALLOWED_ROLES") && page.contains("groups assigned to the application"), "the page names the fix")
        }
    }

    @Test("a rule added later applies to an existing session: 403 and the session cookie expired", arguments: cases.filter { $0.refusal != nil })
    func addedLater(_ c: Case) throws {
        let op = try Self.provider(c.claims)
        var browser = Browser()
        let signedIn = try Self.callback(op, op.app(), &browser)
        #expect(signedIn.status == 302)
        browser.take(signedIn)
        #expect(op.app().respond(to: try browser.request("/")).status == 200)

        let stricter = op.app(extra: c.rules)
        for path in ["/", "/call_downstream_api", "/userinfo"] {
            let response = stricter.respond(to: try browser.request(path))
            #expect(response.status == 403, "\(path)")
            #expect(response.cookies.contains { $0.name == "__Secure-signin_session" && $0.maxAge == 0 }, "\(path)")
            #expect(!Self.setsSession(response))
            if path == "/userinfo" {
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.text == "{\"error\":\"\(c.refusal!)\"}\n")
            } else {
                Self.expectRefusalPage(response, reason: c.refusal!, claims: c.claims)
            }
        }
        #expect(op.log.lines.contains { $0.contains("access refused") && $0.contains("reason=\(c.refusal!)") }, "\(op.log.lines)")
    }
}
