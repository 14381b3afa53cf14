@testable import App
import CGI
import Cookies
import Crypto
import Encoding
import FoundationEssentials
import Testing

/// An Entra user in 200 groups (the most an ID token carries before group overage) signed in through the whole
/// callback, then three more sign-in tabs: the browser's `Cookie` header must stay within Apache's 8,190 bytes and
/// every `Set-Cookie` line within a browser's 4,096 (README "Cookies").
@Suite("Cookie budget with 200 groups")
struct GroupsCookieBudgetTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"

    /// A random GUID, as Entra writes group object ids.
    static func guid() throws -> String {
        let hex = try SecureRandom.bytes(16).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let c = Array(hex)
        return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
    }

    struct Outcome {
        var cookieHeader: Int
        var largestSetCookie: Int
        var session: Session
    }

    /// Signs in with 200 groups, an Entra-sized access and refresh token, then opens three more sign-in tabs.
    static func run(allowedGroups: [String]?, groups: [String]) throws -> Outcome {
        let op = try TestProvider()
        op.idClaims = [
            "oid": .string("00000000-0000-0000-66f3-3332eca7ea81"), "tid": .string(tenant),
            "name": .string(String(repeating: "Maximilian-Alexander ", count: 6)),
            "preferred_username": .string("maximilian.alexander.longname@contoso-international.onmicrosoft.com"),
            "email": .string("maximilian.alexander.longname@contoso-international.example.com"),
            "login_hint": .string(try CookieBudgetTests.randomText(120)),
            "sid": .string("00000000-0000-0000-1111-222233334444"),
            "roles": .array(["Reader", "Writer"].map { .string($0) }),
            "groups": .array(groups.map { .string($0) }),
        ]
        let accessToken = try CookieBudgetTests.jwtLike(2600)
        let refreshToken = try CookieBudgetTests.randomText(1800)
        op.tokenAnswer = { _ in
            let idToken = (try? op.idToken(nonce: op.lastNonce)) ?? ""
            return json(.object(["token_type": .string("Bearer"), "access_token": .string(accessToken), "refresh_token": .string(refreshToken),
                                 "id_token": .string(idToken), "expires_in": .number(3600),
                                 "scope": .string("openid profile email https://graph.microsoft.com/User.Read")]))
        }
        var extra: [String: String] = [:]
        if let allowedGroups { extra["ALLOWED_GROUPS"] = allowedGroups.joined(separator: ",") }
        let app = op.app(extra: extra)

        var browser = Browser()
        var largest = 0
        func take(_ response: Response) {
            for cookie in response.cookies { largest = max(largest, ("Set-Cookie: " + cookie.headerValue).utf8.count) }
            browser.take(response)
        }
        let (state, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
        let callback = app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)"))
        #expect(callback.status == 302, "\(op.log.lines)")
        take(callback)
        for _ in 0..<CookieStore.maxLoginStates {
            op.clock.now += 1
            let login = app.respond(to: try browser.request("/login"))
            #expect(login.status == 200)
            take(login)
        }
        #expect(browser.jar.keys.filter { $0.hasPrefix("__Secure-signin_login_") }.count == CookieStore.maxLoginStates)
        // Still signed in with all of it: the session cookie reads back.
        #expect(app.respond(to: try browser.request("/")).status == 200, "\(op.log.lines)")

        let store = CookieStore(keys: VaultKeys(current: try #require(Base64.decodeLenient(TestProvider.secret)), previous: []),
                                existing: CookieHeader(header: browser.cookieHeader), path: "/cgi-bin/signin.cgi", secure: true, now: op.clock.now)
        let jwe = try #require(CookieChunks.read(store.names.session, from: store.existing))
        let opened = try #require(store.keys.vault).open(jwe, purpose: .session, now: op.clock.now)
        let session = try Session(json: opened.payload)
        return Outcome(cookieHeader: ("Cookie: " + browser.cookieHeader).utf8.count, largestSetCookie: largest, session: session)
    }

    static func report(_ label: String, _ o: Outcome) -> String {
        let groups = o.session.claims["groups"]?.stringArrayValue
        return "cookie budget (\(label)): Cookie header \(o.cookieHeader) bytes (limit 8190), largest Set-Cookie line \(o.largestSetCookie) bytes (limit 4096); "
            + "kept: access token \(o.session.at != nil), refresh token \(o.session.rt != nil), "
            + "groups \(groups.map { "\($0.count)" } ?? "dropped"), roles \(o.session.claims["roles"]?.stringArrayValue ?? []), "
            + "claims \(o.session.claims.keys.sorted())"
    }

    @Test("200 groups, ALLOWED_GROUPS unset: fits; what had to go is reported")
    func allGroups() throws {
        let groups = try (0..<200).map { _ in try Self.guid() }
        let o = try Self.run(allowedGroups: nil, groups: groups)
        print(Self.report("200 groups, ALLOWED_GROUPS unset", o))
        #expect(o.cookieHeader <= 8190)
        #expect(o.largestSetCookie <= 4096)
        #expect(o.session.rt != nil, "the refresh token is always kept")
        #expect(o.session.claims["roles"]?.stringArrayValue == ["Reader", "Writer"], "roles are kept for the rules")
        #expect(o.session.claims["tid"]?.stringValue == Self.tenant && o.session.claims["preferred_username"] != nil)
        // Whatever groups are kept are the user's own, in the token's order.
        if let kept = o.session.claims["groups"]?.stringArrayValue { #expect(kept == Array(groups.prefix(kept.count))) }
    }

    @Test("200 groups, ALLOWED_GROUPS set to 3 of them: only those 3 are kept, and the access token fits")
    func threeAllowed() throws {
        let groups = try (0..<200).map { _ in try Self.guid() }
        let allowed = [groups[0], groups[99].uppercased(), groups[199]]
        let o = try Self.run(allowedGroups: allowed + [try Self.guid()], groups: groups)
        print(Self.report("200 groups, ALLOWED_GROUPS = 3 of them", o))
        #expect(o.cookieHeader <= 8190)
        #expect(o.largestSetCookie <= 4096)
        #expect(o.session.claims["groups"]?.stringArrayValue == [groups[0], groups[99], groups[199]])
        #expect(o.session.at != nil, "with only 3 groups kept the access token fits beside the refresh token")
        #expect(o.session.rt != nil)
    }
}
