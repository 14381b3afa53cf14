import App
import CGI
import Crypto
import Effects
import Encoding
import KeyFixtures

/// An OpenID provider made of fakes: real keys (signed by OpenSSL), scripted endpoints.
final class TestProvider: @unchecked Sendable {
    static let issuer = "https://op.test"
    static let clientID = "client-123"
    static let secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static let t0: Int64 = 1_800_000_000

    let key: TestKey
    let kid = "key-1"
    let http = FakeHTTP()
    let cache = MemoryCache()
    let clock = TestClock(t0)
    let log = CapturingLogger()
    var idClaims: [String: JSONValue] = [:]
    var tokenAnswer: ((HTTPRequest) -> HTTPResponse)?
    var issParameterSupported = false
    var endSession: String? = "https://op.test/logout"

    var metadataURL: String { Self.issuer + "/.well-known/openid-configuration" }
    var tokenURL: String { Self.issuer + "/token" }
    var jwksURL: String { Self.issuer + "/jwks" }
    var apiURL: String { "https://api.test/me" }

    init(key: TestKey = .rsaA) throws {
        self.key = key
        http.on(metadataURL) { [unowned self] _ in json(.object(self.metadata)) }
        http.on(jwksURL) { [unowned self] _ in json(self.jwks) }
        http.on(tokenURL) { [unowned self] req in
            if let answer = self.tokenAnswer { return answer(req) }
            return self.tokens(for: req)
        }
        http.on(apiURL) { req in
            guard req.headers.contains(where: { $0.0 == "Authorization" && $0.1.hasPrefix("Bearer at-") }) else {
                return json(401, .object(["error": .string("no token")]))
            }
            return json(.object(["displayName": .string("Ada <Lovelace>"), "id": .string("42")]))
        }
    }

    var metadata: [String: JSONValue] {
        var m: [String: JSONValue] = [
            "issuer": .string(Self.issuer),
            "authorization_endpoint": .string(Self.issuer + "/authorize"),
            "token_endpoint": .string(tokenURL),
            "jwks_uri": .string(jwksURL),
            "token_endpoint_auth_methods_supported": .array([.string("client_secret_basic"), .string("client_secret_post")]),
            "authorization_response_iss_parameter_supported": .bool(issParameterSupported),
        ]
        if let endSession { m["end_session_endpoint"] = .string(endSession) }
        return m
    }

    var jwks: JSONValue {
        var jwk = key.publicJWK.mapValues { JSONValue.string($0) }
        jwk["kid"] = .string(kid)
        jwk["use"] = .string("sig")
        return .object(["keys": .array([.object(jwk)])])
    }

    /// An ID token signed by this provider's key, with `overrides` applied to default claims.
    func idToken(nonce: String?, overrides: [String: JSONValue] = [:], header: [String: JSONValue]? = nil) throws -> String {
        var claims: [String: JSONValue] = [
            "iss": .string(Self.issuer), "sub": .string("user-1"), "aud": .string(Self.clientID),
            "iat": .number(Double(clock.now)), "exp": .number(Double(clock.now + 3600)),
            "name": .string("Ada <b>Lovelace</b>"), "email": .string("ada@example.test"),
        ]
        if let nonce { claims["nonce"] = .string(nonce) }
        for (k, v) in idClaims { claims[k] = v }
        for (k, v) in overrides { claims[k] = v }
        let h: [String: JSONValue] = header ?? ["alg": .string("RS256"), "kid": .string(kid), "typ": .string("JWT")]
        let signingInput = Base64.urlEncode(JSONValue.object(h).serialized()) + "." + Base64.urlEncode(JSONValue.object(claims).serialized())
        let signature = try key.sign(message: Array(signingInput.utf8), algorithm: .RS256)
        return signingInput + "." + Base64.urlEncode(signature)
    }

    /// The nonce of the last login, read from the authorization URL the login page linked to.
    var lastNonce: String?
    var idTokenOverrides: [String: JSONValue] = [:]
    var refreshCount = 0

    func tokens(for req: HTTPRequest) -> HTTPResponse {
        let form = Percent.formDecode(String(decoding: req.body ?? [], as: UTF8.self)) ?? []
        let grant = form.first { $0.0 == "grant_type" }?.1
        if grant == "refresh_token" {
            guard form.first(where: { $0.0 == "refresh_token" })?.1.hasPrefix("rt-") == true else {
                return json(400, .object(["error": .string("invalid_grant")]))
            }
            refreshCount += 1
            return json(.object(["token_type": .string("Bearer"), "access_token": .string("at-refreshed-\(refreshCount)"),
                                 "refresh_token": .string("rt-rotated-\(refreshCount)"), "expires_in": .number(3600),
                                 "scope": .string("User.Read")]))
        }
        let token = (try? idToken(nonce: lastNonce, overrides: idTokenOverrides)) ?? ""
        return json(.object(["token_type": .string("Bearer"), "access_token": .string("at-1"), "refresh_token": .string("rt-1"),
                             "id_token": .string(token), "expires_in": .number(3600), "scope": .string("User.Read openid profile")]))
    }

    // MARK: the app under test

    var environmentSettings: [String: String] {
        ["CLIENT_ID": Self.clientID, "CLIENT_SECRET": "s3cret-value", "SESSION_SECRET": Self.secret,
         "OIDC_AUTHORITY": Self.issuer, "ENDPOINT": apiURL]
    }

    func app(extra: [String: String] = [:]) -> SigninApp {
        var env = environmentSettings
        for (k, v) in extra { env[k] = v }
        let settings = SettingsLoader.load(environment: env, readFile: { _ in nil })
        return SigninApp(settings: settings, services: Services(http: http, cache: cache, clock: clock, random: CountingRandom(), log: log))
    }
}

/// A browser: keeps cookies between requests like one would (per name; Max-Age=0 deletes).
struct Browser {
    var jar: [String: String] = [:]

    mutating func take(_ response: Response) {
        for c in response.cookies {
            if c.maxAge == 0 { jar[c.name] = nil } else { jar[c.name] = c.value }
        }
    }

    var cookieHeader: String { jar.keys.sorted().map { "\($0)=\(jar[$0]!)" }.joined(separator: "; ") }

    func request(_ path: String, query: String = "", method: String = "GET") throws -> Request {
        var env = ["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "SCRIPT_NAME": "/cgi-bin/signin.cgi",
                   "PATH_INFO": path, "QUERY_STRING": query, "HTTPS": "on", "SERVER_NAME": "example.test", "SERVER_PORT": "443"]
        if !jar.isEmpty { env["HTTP_COOKIE"] = cookieHeader }
        return try Request(environment: env, readBody: { _ in [] })
    }
}

extension Response {
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// Query parameters of a URL.
func queryItems(_ url: String) -> [String: String] {
    guard let q = url.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
    var out: [String: String] = [:]
    for (k, v) in Percent.formDecode(q) ?? [] { out[k] = v }
    return out
}

/// The href of the "Sign In" link on the login page.
func signInLink(_ page: String) -> String? {
    guard let r = page.firstRange(of: "id=\"sign-in\" href=\"") else { return nil }
    let rest = page[r.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end]).replacing("&amp;", with: "&")
}
