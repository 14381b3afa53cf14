import Crypto
import Encoding
import JOSE
import KeyFixtures
import OIDC
import Testing

private typealias S = Support

/// The RSA-2048 certificate fixture; its thumbprints below come from
/// `openssl x509 -outform der | openssl dgst -sha256 -binary | base64` (and `-sha1`), made base64url.
private let certificate: ClientCertificate = {
    do { return try ClientCertificate(pem: TestKey.fixture("CryptoTests/Fixtures/client-pkcs8.pem")) } catch { fatalError("\(error)") }
}()
private let x5tS256 = "zGyUhrGiNMJ20xTYoopy4lHeChWjsU7pnrkLzbH6iL0"
private let x5t = "lbjuYNfVZuk4cwEXS7AexkaIxIY"
private let now: Int64 = 1_800_000_000
private let jti = [UInt8](0..<16)
private let tokenEndpoint = "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"

private func assertion(_ algorithm: SignatureAlgorithm = .PS256) throws -> String {
    try ClientAssertion.make(certificate: certificate, clientID: "client-1", audience: tokenEndpoint, now: now, jti: jti,
                             algorithm: algorithm)
}

private func form(_ request: TokenRequest) -> [(String, String)] {
    Percent.formDecode(String(decoding: request.body, as: UTF8.self)) ?? []
}

@Suite("Client assertions (RFC 7523 §2.2, §3; OpenID Connect Core 1.0 §9)")
struct ClientAssertionTests {
    @Test("header: alg, typ JWT, x5t#S256 and x5t thumbprints of the certificate", arguments: [SignatureAlgorithm.PS256, .RS256])
    func header(_ algorithm: SignatureAlgorithm) throws {
        let jws = try CompactJWS(try assertion(algorithm))
        #expect(jws.header == ["alg": .string(algorithm.rawValue), "typ": .string("JWT"),
                               "x5t#S256": .string(x5tS256), "x5t": .string(x5t)])
    }

    @Test("claims: iss = sub = client id, aud = token endpoint, iat = nbf = now, exp = now + 300, jti = base64url(random)")
    func claims() throws {
        let jws = try CompactJWS(try assertion())
        let claims = try JSONValue.parseObject(jws.payload, maxBytes: 4096)
        #expect(claims == [
            "iss": .string("client-1"), "sub": .string("client-1"), "aud": .string(tokenEndpoint),
            "iat": .number(1_800_000_000), "nbf": .number(1_800_000_000), "exp": .number(1_800_000_300),
            "jti": .string(Base64.urlEncode(jti)),
        ])
        // NumericDate is written as an integer (RFC 7519 §2), not in exponent or fraction form.
        #expect(String(decoding: jws.payload, as: UTF8.self).contains("\"exp\":1800000300"))
    }

    @Test("the signature verifies under the certificate's key and no other", arguments: [SignatureAlgorithm.PS256, .RS256])
    func signature(_ algorithm: SignatureAlgorithm) throws {
        let jws = try CompactJWS(try assertion(algorithm))
        let key = certificate.signingKey.verifyingKey
        #expect(key.verify(signature: jws.signature, message: jws.signingInput, algorithm: algorithm))
        #expect(!TestKey.rsaA.verifyingKey.verify(signature: jws.signature, message: jws.signingInput, algorithm: algorithm))
        let other: SignatureAlgorithm = algorithm == .PS256 ? .RS256 : .PS256
        #expect(!key.verify(signature: jws.signature, message: jws.signingInput, algorithm: other))
    }

    static let refused: [(String, SignatureAlgorithm, Int)] = [
        ("ES256", .ES256, 16), ("RS512", .RS512, 16), ("PS384", .PS384, 16), ("15-byte jti", .PS256, 15), ("33-byte jti", .PS256, 33),
    ]

    @Test("other algorithms and short or long jti values are refused", arguments: refused)
    func refuses(_ name: String, _ algorithm: SignatureAlgorithm, _ jtiLength: Int) {
        #expect(throws: OIDCError.self) {
            try ClientAssertion.make(certificate: certificate, clientID: "client-1", audience: tokenEndpoint, now: now,
                                     jti: [UInt8](repeating: 7, count: jtiLength), algorithm: algorithm)
        }
    }

    @Test("PS256 unless the provider lists signing algorithms without PS256 but with RS256",
          arguments: [([String](), SignatureAlgorithm.PS256), (["PS256", "RS256"], .PS256), (["RS256"], .RS256),
                      (["RS256", "ES256"], .RS256), (["ES256"], .PS256), (["PS256"], .PS256)])
    func algorithmChoice(_ listed: [String], _ expected: SignatureAlgorithm) {
        let metadata = ProviderMetadata(issuer: "https://idp.example.com", authorizationEndpoint: "https://idp.example.com/a",
                                        tokenEndpoint: "https://idp.example.com/token", jwksURI: "https://idp.example.com/k",
                                        tokenAuthSigningAlgs: listed)
        #expect(ClientAssertion.algorithm(for: metadata) == expected)
    }

    @Test("token requests with an assertion carry it and no secret, whatever methods the provider lists",
          arguments: [[String](), ["client_secret_basic"], ["client_secret_post"], ["private_key_jwt"]])
    func tokenRequests(_ methods: [String]) throws {
        let value = try assertion()
        let requests = [
            TokenRequest.authorizationCode(metadata: S.metadata(methods: methods), clientID: "client-1", credential: .assertion(value),
                                           code: "c", redirectURI: "https://app.example.com/cb", codeVerifier: "v"),
            TokenRequest.refresh(metadata: S.metadata(methods: methods), clientID: "client-1", credential: .assertion(value),
                                 refreshToken: "r", scopes: ["User.Read"]),
        ]
        for request in requests {
            let body = form(request)
            #expect(S.value("client_assertion_type", body) == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            #expect(S.value("client_assertion", body) == value)
            #expect(S.value("client_id", body) == "client-1")
            #expect(!S.names(body).contains("client_secret"))
            #expect(!request.headers.contains { $0.0.lowercased() == "authorization" })
            #expect(S.names(body).filter { $0.hasPrefix("client_assertion") }.count == 2)
        }
    }

    @Test("a secret credential still authenticates as before")
    func secretCredential() {
        let request = TokenRequest.refresh(metadata: S.metadata(methods: ["client_secret_post"]), clientID: "client-1",
                                           credential: .secret("s3cret"), refreshToken: "r", scopes: [])
        let body = form(request)
        #expect(S.value("client_secret", body) == "s3cret")
        #expect(!S.names(body).contains("client_assertion"))
    }
}
