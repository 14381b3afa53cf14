import App
import CGI
import Effects
import Encoding
import Foundation
import Testing

/// Every published open-redirect payload, through every place the program builds a `Location`: each must end on
/// this site's own origin (README "Routes": `return_to` is a path on this site only), never on another host and
/// never on a `javascript:` or `data:` URL.
@Suite("Open redirects")
struct OpenRedirectTests {
    static let index = "https://example.test/cgi-bin/signin.cgi/"
    static let login = "https://example.test/cgi-bin/signin.cgi/login"

    /// How a payload reaches the query: percent-encoded (the program sees the payload itself) or as written (the
    /// program sees it decoded once more, the way a link with the payload pasted in would arrive).
    static func queries(_ name: String, _ payload: String) -> [String] {
        ["\(name)=" + Percent.encode(payload), "\(name)=" + payload]
    }

    /// Runs `/login?<query>` then the fake provider's callback; nil when the request or `/login` refused the query.
    static func signIn(_ op: TestProvider, _ app: SigninApp, loginQuery: String) throws -> (login: Response, callback: Response)? {
        var browser = Browser()
        guard let request = try? browser.request("/login", query: loginQuery) else { return nil }
        let page = app.respond(to: request)
        guard page.status == 200 else { return nil }
        browser.take(page)
        let link = try #require(signInLink(page.text))
        let state = try #require(queryItems(link)["state"])
        op.lastNonce = try #require(queryItems(link)["nonce"])
        let callback = app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)"))
        return (page, callback)
    }

    /// Records an issue when `location` leaves `host`; returns whether it escaped.
    static func escaped(_ location: String?, _ payload: OpenRedirectPayloads.Payload, _ place: String,
                        host: String = "example.test") -> Bool {
        guard let location else { return false }
        guard let problem = OwnOrigin.problem(location, host: host) else { return false }
        Issue.record("\(place): \(payload) → Location \(location.debugDescription): \(problem)")
        return true
    }

    @Test("the payload lists are complete: 1,393 non-blank lines")
    func payloadCount() throws {
        #expect(try OpenRedirectPayloads.all().count == OpenRedirectPayloads.expectedCount)
    }

    @Test("every payload as /login?return_to= ends the whole sign-in on our own origin")
    func returnTo() throws {
        let payloads = try OpenRedirectPayloads.all()
        let op = try TestProvider()
        let app = op.app()
        var tried = 0, requests = 0, refusedQuery = 0, kept = 0, escaped = 0
        for payload in payloads {
            tried += 1
            for (variant, query) in Self.queries("return_to", payload.text).enumerated() {
                guard let (page, callback) = try Self.signIn(op, app, loginQuery: query) else {
                    // Only a payload written into the query unencoded may make the query itself malformed.
                    #expect(variant == 1, "/login refused the encoded payload \(payload)")
                    refusedQuery += 1
                    continue
                }
                requests += 1
                #expect(page.location == nil)
                #expect(callback.status == 302, "\(payload): callback \(callback.status)")
                let location = try #require(callback.location)
                if Self.escaped(location, payload, "return_to") { escaped += 1; continue }
                if location != Self.index {
                    kept += 1
                    // What was kept is exactly a path ReturnPath accepts, on our origin.
                    let path = String(location.dropFirst(OwnOrigin.origin.count))
                    #expect(ReturnPath.validate(path) == .success(path), "\(payload) kept as \(location)")
                }
            }
        }
        print("open redirects: return_to tried \(tried) payloads in \(requests) sign-ins (\(refusedQuery) unencoded queries refused as malformed), \(kept) kept as paths on this site, escaped \(escaped)")
        #expect(tried == OpenRedirectPayloads.expectedCount)
        #expect(escaped == 0)
    }

    @Test("/logout sends the browser only to the provider's end-session endpoint with our index, or to our index")
    func logout() throws {
        let payloads = try OpenRedirectPayloads.all()
        let op = try TestProvider()
        let app = op.app()
        let signedIn = try SessionLifetimeTests.signedIn(op, app: app)
        let noEndSession = try TestProvider()
        noEndSession.endSession = nil
        let plainApp = noEndSession.app()
        // No configuration at all: the unconfigured logout (cookies by name, then the index).
        let unconfigured = SigninApp(settings: SettingsLoader.load(environment: [:], readFile: { _ in nil }),
                                     services: Services(http: op.http, cache: op.cache, clock: op.clock, random: CountingRandom(), log: op.log))
        var tried = 0, requests = 0, escaped = 0
        for payload in payloads {
            tried += 1
            for name in ["post_logout_redirect_uri", "return_to"] {
                for query in Self.queries(name, payload.text) {
                    for browser in [signedIn, Browser()] {
                        guard let request = try? browser.request("/logout", query: query) else { continue }
                        requests += 3
                        let viaProvider = app.respond(to: request)
                        #expect(viaProvider.status == 302)
                        let location = try #require(viaProvider.location)
                        if Self.escaped(location, payload, "logout", host: "op.test") { escaped += 1 }
                        #expect(location.hasPrefix("https://op.test/logout?"))
                        #expect(queryItems(location)["post_logout_redirect_uri"] == Self.index, "\(payload): \(location)")
                        for other in [plainApp, unconfigured] {
                            let response = other.respond(to: request)
                            #expect(response.location == Self.index, "\(payload)")
                            if Self.escaped(response.location, payload, "logout") { escaped += 1 }
                        }
                    }
                }
            }
        }
        print("open redirects: /logout tried \(tried) payloads in \(requests) requests, escaped \(escaped)")
        #expect(escaped == 0)
    }

    @Test("signed-out /files/<payload> goes to /login?return_to=<that path>, and the sign-in comes back to it")
    func files() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signin-open-redirects-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let payloads = try OpenRedirectPayloads.all()
        let op = try TestProvider()
        let app = op.app(extra: ["PROTECTED_DIR": folder.path])
        var tried = 0, requests = 0, refusedPath = 0, escaped = 0
        for payload in payloads {
            tried += 1
            guard let request = try? Browser().request("/files/" + payload.text) else {
                refusedPath += 1  // a path with control characters is a 400 before any route
                continue
            }
            requests += 1
            let response = app.respond(to: request)
            #expect(response.status == 302, "\(payload): \(response.status)")
            let location = try #require(response.location)
            if Self.escaped(location, payload, "files") { escaped += 1; continue }
            #expect(location.hasPrefix(Self.login + "?return_to="), "\(payload): \(location)")
            let returnTo = try #require(queryItems(location)["return_to"])
            #expect(returnTo.hasPrefix("/cgi-bin/signin.cgi/files/"), "\(payload): \(returnTo)")
            #expect(ReturnPath.validate(returnTo) == .success(returnTo), "\(payload): \(returnTo)")
            // Follow it: the sign-in ends on exactly that path of ours.
            let query = String(location.dropFirst(Self.login.count + 1))
            let (_, callback) = try #require(try Self.signIn(op, app, loginQuery: query))
            if Self.escaped(callback.location, payload, "files sign-in") { escaped += 1; continue }
            #expect(callback.location == OwnOrigin.origin + returnTo, "\(payload)")
        }
        print("open redirects: /files/ tried \(tried) payloads in \(requests) requests (\(refusedPath) paths refused as malformed), escaped \(escaped)")
        #expect(escaped == 0)
    }

    @Test("/call_downstream_api redirects only to our /login, whatever the query or the API's claims challenge holds")
    func callDownstreamAPI() throws {
        let payloads = try OpenRedirectPayloads.all()
        let op = try TestProvider()
        let app = op.app()
        let signedIn = try SessionLifetimeTests.signedIn(op, app: app)
        var challenge = ""
        op.http.on(op.apiURL) { _ in
            HTTPResponse(status: 401, headers: [("www-authenticate", challenge)], body: [])
        }
        var tried = 0, requests = 0, escaped = 0
        for payload in payloads {
            tried += 1
            for query in Self.queries("return_to", payload.text) {
                guard let signedOut = try? Browser().request("/call_downstream_api", query: query) else { continue }
                requests += 1
                let response = app.respond(to: signedOut)
                #expect(response.location == Self.login, "\(payload)")
                if Self.escaped(response.location, payload, "call_downstream_api signed out") { escaped += 1 }
            }
            // A claims challenge (JSON holding the payload, and the payload itself) comes back as our /login?claims=.
            let json = JSONValue.object(["access_token": .object(["acrs": .object(["essential": .bool(true), "value": .string(payload.text)]),
                                                                  "xms_cc": .object(["values": .array([.string(payload.text)])])])])
            for claims in [json.serialized(), Array(payload.text.utf8)] {
                challenge = #"Bearer error="insufficient_claims", claims=""# + Base64.encode(claims) + #"""#
                requests += 1
                let response = app.respond(to: try signedIn.request("/call_downstream_api"))
                if let location = response.location {
                    if Self.escaped(location, payload, "call_downstream_api claims") { escaped += 1; continue }
                    #expect(location.hasPrefix(Self.login + "?claims="), "\(payload): \(location)")
                    #expect(queryItems(location)["claims"].map { Array($0.utf8) } == claims, "\(payload)")
                } else {
                    // Not a JSON object: no challenge, the API's 401 is an error page.
                    #expect(response.status == 502, "\(payload)")
                    #expect((try? JSONValue.parseObject(claims, maxBytes: 4096)) == nil, "\(payload)")
                }
            }
        }
        print("open redirects: /call_downstream_api tried \(tried) payloads in \(requests) requests, escaped \(escaped)")
        #expect(escaped == 0)
    }

    @Test("signed-out / with any query goes to our /login")
    func index() throws {
        let payloads = try OpenRedirectPayloads.all()
        let op = try TestProvider()
        let app = op.app()
        var tried = 0, escaped = 0
        for payload in payloads {
            tried += 1
            for query in Self.queries("return_to", payload.text) {
                guard let request = try? Browser().request("/", query: query) else { continue }
                let response = app.respond(to: request)
                #expect(response.location == Self.login, "\(payload)")
                if Self.escaped(response.location, payload, "index") { escaped += 1 }
            }
        }
        print("open redirects: / tried \(tried) payloads, escaped \(escaped)")
        #expect(escaped == 0)
    }
}
