import App
import CGI
import Crypto
import Effects
import Encoding
import Foundation
import JOSE
import KeyFixtures
import Testing

/// A fixture PEM copied into a fresh private folder with mode 0600, so it passes the settings file's permission rule
/// (the repository's copies are 0644, which the rule refuses).
private struct CertificateFile {
    let folder: URL
    let path: String

    init(_ fixture: String = "client-pkcs8", mode: Int = 0o600) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("signin-client-certificate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("client.pem").path
        try Data(TestKey.fixture("CryptoTests/Fixtures/\(fixture).pem")).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// Gone, so any attempt to read it fails (chmod 000 would not stop a test run as root).
    func delete() throws { try FileManager.default.removeItem(atPath: path) }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Values of the fixture certificate made with the openssl CLI, independent of the code under test:
/// `openssl x509 -in client-pkcs8.pem -outform der | openssl dgst -sha256 -binary | base64url` (and `-sha1`), and
/// `openssl x509 -noout -modulus | xxd -r -p | base64url` (the public exponent is 65537).
private enum Fixture {
    static let x5tS256 = "zGyUhrGiNMJ20xTYoopy4lHeChWjsU7pnrkLzbH6iL0"
    static let x5t = "lbjuYNfVZuk4cwEXS7AexkaIxIY"
    static let modulus = "0xch4nWL0srgxEzkb0mP7Dir5nUm8qcTvu95jriVZlO96C31d1f68uLS8MipiDm08sA1gtW4sASVHOrUyr3x8iRA_pdwlak2XXZ5rv2uefxaXwF_"
        + "HQNOu7OcqM0yD6tXCBTb8QiEpf-hUUORBfQl4LcA4yKnktXirT6Wf4xV25x8wV2l4lSuM21bdXN-v4ikrnWffBDYOVORbLK_D9424cyColncVdsQyoP"
        + "nPkAuD17O4gZqVR_m3qUjdNncpDVfLj_BYGF8cNek8EX35XxkxjyJYh3x99jR1ofZYV8-uy3SmaUWlrHNTTIF2IGC8m2YykYiutJqmBRa-564OCsKZQ"

    /// The certificate's public key, built from the modulus alone.
    static func verifyingKey() throws -> VerifyingKey {
        try VerifyingKey.rsa(modulus: try #require(Base64.urlDecode(modulus)), exponent: [1, 0, 1])
    }
}

/// The app with `CLIENT_CERTIFICATE` (and no `CLIENT_SECRET` unless asked for) against the fake provider.
private func certificateApp(_ op: TestProvider, path: String, keepSecret: Bool = false) -> SigninApp {
    var env = op.environmentSettings
    if !keepSecret { env["CLIENT_SECRET"] = nil }
    env["CLIENT_CERTIFICATE"] = path
    let settings = SettingsLoader.load(environment: env, readFile: { _ in nil })
    return SigninApp(settings: settings, services: Services(http: op.http, cache: op.cache, clock: op.clock, random: CountingRandom(), log: op.log))
}

/// The provider's metadata listing only `algs` in `token_endpoint_auth_signing_alg_values_supported`.
private func listSigningAlgs(_ op: TestProvider, _ algs: [String]) {
    op.http.on(op.metadataURL) { [unowned op] _ in
        var m = op.metadata
        m["token_endpoint_auth_signing_alg_values_supported"] = .array(algs.map { .string($0) })
        return json(.object(m))
    }
}

/// `/login`, then the callback with a code; returns the callback's answer.
private func signIn(_ op: TestProvider, _ app: SigninApp, _ browser: inout Browser) throws -> Response {
    let (state, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
    let callback = app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)"))
    browser.take(callback)
    return callback
}

private func form(_ request: HTTPRequest) -> [(String, String)] {
    Percent.formDecode(String(decoding: request.body ?? [], as: UTF8.self)) ?? []
}

private func tokenRequests(_ op: TestProvider) -> [HTTPRequest] { op.http.requests.filter { $0.url == op.tokenURL } }

/// A decoded client assertion: its header and claims, the JWS behind them.
private struct Assertion {
    let jws: CompactJWS
    let header: [String: JSONValue]
    let claims: [String: JSONValue]

    init(_ request: HTTPRequest) throws {
        let body = form(request)
        #expect(body.filter { $0.0 == "client_assertion_type" }.map(\.1) == ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"])
        let values = body.filter { $0.0 == "client_assertion" }.map(\.1)
        #expect(values.count == 1)
        let compact = try #require(values.first)
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        // Plain base64url JSON, read without the JOSE parser first.
        header = try JSONValue.parseObject(try #require(Base64.urlDecode(parts[0])), maxBytes: 4096)
        claims = try JSONValue.parseObject(try #require(Base64.urlDecode(parts[1])), maxBytes: 4096)
        jws = try CompactJWS(compact)
    }

    var jti: String? { claims["jti"]?.stringValue }
}

@Suite("Client certificate sign-in (RFC 7523 §2.2, §3; OpenID Connect Core 1.0 §9 private_key_jwt)")
struct ClientCertificateTests {
    @Test("the code redemption carries a client assertion, no client_secret and no Basic header",
          arguments: [false, true])
    func redemption(keepSecret: Bool) throws {
        let file = try CertificateFile()
        defer { file.remove() }
        let op = try TestProvider()
        let app = certificateApp(op, path: file.path, keepSecret: keepSecret)
        var browser = Browser()
        let callback = try signIn(op, app, &browser)
        #expect(callback.status == 302, "\(op.log.lines)")
        #expect(callback.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge != 0 })

        let request = try #require(tokenRequests(op).first)
        let body = form(request)
        let names = body.map(\.0)
        #expect(!names.contains("client_secret"))
        #expect(!request.headers.contains { $0.0.lowercased() == "authorization" })
        #expect(!String(decoding: request.body ?? [], as: UTF8.self).contains("s3cret-value"))
        #expect(body.first { $0.0 == "grant_type" }?.1 == "authorization_code")
        #expect(body.first { $0.0 == "client_id" }?.1 == TestProvider.clientID)
        _ = try Assertion(request)

        let index = app.respond(to: try browser.request("/"))
        #expect(index.status == 200)
        #expect(index.text.contains("Welcome Ada &lt;b&gt;Lovelace&lt;/b&gt;!"))
    }

    @Test("the assertion: PS256 (RS256 when only that is listed), thumbprints of the certificate, the RFC 7523 §3 claims",
          arguments: [([String](), "PS256"), (["PS256", "RS256"], "PS256"), (["RS256"], "RS256"), (["RS256", "ES256"], "RS256")])
    func assertionContent(_ listed: [String], _ alg: String) throws {
        let file = try CertificateFile()
        defer { file.remove() }
        let op = try TestProvider()
        if !listed.isEmpty { listSigningAlgs(op, listed) }
        let app = certificateApp(op, path: file.path)
        var browser = Browser()
        #expect(try signIn(op, app, &browser).status == 302, "\(op.log.lines)")
        let assertion = try Assertion(try #require(tokenRequests(op).first))

        #expect(assertion.header == ["alg": .string(alg), "typ": .string("JWT"),
                                     "x5t#S256": .string(Fixture.x5tS256), "x5t": .string(Fixture.x5t)])
        let now = Double(TestProvider.t0)
        #expect(assertion.claims["iss"] == .string(TestProvider.clientID))
        #expect(assertion.claims["sub"] == .string(TestProvider.clientID))
        #expect(assertion.claims["aud"] == .string(op.tokenURL))
        #expect(assertion.claims["exp"] == .number(now + 300))
        #expect(assertion.claims["nbf"] == .number(now))
        #expect(assertion.claims["iat"] == .number(now))
        #expect(Base64.urlDecode(try #require(assertion.jti))?.count == 32)
        #expect(Set(assertion.claims.keys) == ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"])

        // The signature verifies under the certificate's public key, with the header's algorithm only.
        let algorithm = try #require(SignatureAlgorithm(rawValue: alg))
        let key = try Fixture.verifyingKey()
        #expect(key.verify(signature: assertion.jws.signature, message: assertion.jws.signingInput, algorithm: algorithm))
        let other: SignatureAlgorithm = algorithm == .PS256 ? .RS256 : .PS256
        #expect(!key.verify(signature: assertion.jws.signature, message: assertion.jws.signingInput, algorithm: other))
        #expect(!TestKey.rsaA.verifyingKey.verify(signature: assertion.jws.signature, message: assertion.jws.signingInput, algorithm: algorithm))
    }

    @Test("every token request has a fresh jti: two sign-ins and a refresh")
    func freshJTI() throws {
        let file = try CertificateFile()
        defer { file.remove() }
        let op = try TestProvider()
        let app = certificateApp(op, path: file.path)
        var first = Browser(), second = Browser()
        #expect(try signIn(op, app, &first).status == 302, "\(op.log.lines)")
        #expect(try signIn(op, app, &second).status == 302, "\(op.log.lines)")

        // 200 s left on the access token: under the renewal margin, so the API call refreshes first.
        op.clock.now += 3400
        let api = app.respond(to: try first.request("/call_downstream_api"))
        #expect(api.status == 200, "\(op.log.lines)")
        #expect(op.refreshCount == 1)

        let requests = tokenRequests(op)
        try #require(requests.count == 3)
        #expect(form(requests[2]).first { $0.0 == "grant_type" }?.1 == "refresh_token")
        #expect(!form(requests[2]).contains { $0.0 == "client_secret" })
        let assertions = try requests.map(Assertion.init)
        let jtis = assertions.compactMap(\.jti)
        #expect(jtis.count == 3 && Set(jtis).count == 3, "\(jtis)")
        // The refresh's assertion is made at its own time.
        #expect(assertions[2].claims["iat"] == .number(Double(TestProvider.t0 + 3400)))
        #expect(assertions[2].claims["exp"] == .number(Double(TestProvider.t0 + 3700)))
    }

    @Test("/login and a signed-in / never read the certificate; a token request does")
    func readOnlyForTokenRequests() throws {
        let file = try CertificateFile()
        defer { file.remove() }
        let op = try TestProvider()
        let app = certificateApp(op, path: file.path)
        var browser = Browser()
        #expect(try signIn(op, app, &browser).status == 302, "\(op.log.lines)")
        try file.delete()

        let index = app.respond(to: try browser.request("/"))
        #expect(index.status == 200, "\(op.log.lines)")
        #expect(index.text.contains("Welcome"))
        var stranger = Browser()
        let login = app.respond(to: try stranger.request("/login"))
        #expect(login.status == 200)
        #expect(signInLink(login.text) != nil)
        stranger.take(login)
        #expect(tokenRequests(op).count == 1)

        // A refresh needs the file: without it no token request is made and the log names the setting.
        op.clock.now += 3400
        let api = app.respond(to: try browser.request("/call_downstream_api"))
        #expect(api.status == 302)
        #expect(tokenRequests(op).count == 1)
        #expect(op.log.lines.contains { $0.contains("reason=settings_file_missing") && $0.contains("invalid=CLIENT_CERTIFICATE") },
                "\(op.log.lines)")
    }

    static let broken: [(String, Int, String, String)] = [
        ("client-rsa1024", 0o600, "certificate_invalid", "fewer than 2048"),
        ("client-ec", 0o600, "certificate_invalid", "not an RSA key"),
        ("client-mismatched", 0o600, "certificate_invalid", "does not match the private key"),
        ("client-encrypted", 0o600, "certificate_invalid", "the private key is encrypted"),
        ("key-only", 0o600, "certificate_invalid", "no CERTIFICATE block"),
        ("cert-only", 0o600, "certificate_invalid", "no PRIVATE KEY"),
        ("garbage", 0o600, "certificate_invalid", "cannot be read"),
        ("client-pkcs8", 0o644, "settings_file_mode", "chmod 600"),
        ("client-pkcs8", 0o620, "settings_file_mode", "chmod 600"),
    ]

    @Test("a certificate file that is refused gives the configuration error at the callback, before any token request",
          arguments: broken)
    func refused(_ fixture: String, _ mode: Int, _ reason: String, _ shown: String) throws {
        let file = try CertificateFile(fixture, mode: mode)
        defer { file.remove() }
        let op = try TestProvider()
        let app = certificateApp(op, path: file.path)
        var browser = Browser()
        let callback = try signIn(op, app, &browser)
        #expect(callback.status == 500)
        #expect(callback.text.contains("Configuration error"))
        #expect(callback.text.contains("CLIENT_CERTIFICATE"))
        #expect(callback.text.contains(shown), "\(callback.text)")
        #expect(!callback.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge != 0 })
        #expect(tokenRequests(op).isEmpty)
        #expect(op.log.lines.contains { $0.contains("reason=\(reason)") && $0.contains("invalid=CLIENT_CERTIFICATE") }, "\(op.log.lines)")
    }

    @Test("a missing certificate file names its path")
    func missing() throws {
        let op = try TestProvider()
        let path = "/nonexistent-\(UUID().uuidString)/client.pem"
        let app = certificateApp(op, path: path)
        var browser = Browser()
        let callback = try signIn(op, app, &browser)
        #expect(callback.status == 500)
        #expect(callback.text.contains("CLIENT_CERTIFICATE") && callback.text.contains(path))
        #expect(tokenRequests(op).isEmpty)
    }
}
