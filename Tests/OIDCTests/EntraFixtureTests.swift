import Crypto
import Encoding
import JOSE
import KeyFixtures
import OIDC
import Testing

/// Entra's discovery documents and key sets as Microsoft serves them (Tests/OIDCTests/Fixtures/entra), each with the
/// authority that leads to it, and an ID token with Entra's claims validated against the issuer the metadata names
/// (Microsoft identity platform, "ID token claims reference").
@Suite("Entra fixtures: metadata, authority, ID token")
struct EntraFixtureTests {
    static let tenant = "aaaabbbb-0000-cccc-1111-dddd2222eeee"
    static let msa = "9188040d-6c67-4c5b-b112-36a304b66dad"
    static let b2cTenant = "6b1b4b3e-1f1b-4f2c-9e55-3f0c6f1f2a10"
    /// A tenant signing in through a multi-tenant authority.
    static let guest = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let clientID = "11112222-bbbb-3333-cccc-4444dddd5555"
    static let now: Int64 = 1_800_000_000

    struct Case: Sendable, CustomTestStringConvertible {
        let fixture: String
        var keys = "keys"
        /// AUTHORITY, OIDC_AUTHORITY, B2C_TENANT_NAME + SIGNUPSIGNIN_USER_FLOW.
        var authority: String? = nil
        var oidcAuthority: String? = nil
        var b2c: (tenant: String, flow: String)? = nil
        /// The token's `tid` and `iss`.
        let tid: String
        let iss: String
        var b2cClaims = false
        var testDescription: String { fixture + " via " + (authority ?? oidcAuthority ?? b2c.map { "B2C \($0.flow)" } ?? "-") }
    }

    static let cases: [Case] = [
        Case(fixture: "single-tenant", authority: "https://login.microsoftonline.com/\(tenant)", tid: tenant,
             iss: "https://login.microsoftonline.com/\(tenant)/v2.0"),
        Case(fixture: "single-tenant", authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com", tid: tenant,
             iss: "https://login.microsoftonline.com/\(tenant)/v2.0"),
        Case(fixture: "common", authority: "https://login.microsoftonline.com/common", tid: guest,
             iss: "https://login.microsoftonline.com/\(guest)/v2.0"),
        Case(fixture: "common", oidcAuthority: "https://login.microsoftonline.com/common/v2.0", tid: msa,
             iss: "https://login.microsoftonline.com/\(msa)/v2.0"),
        Case(fixture: "organizations", authority: "https://login.microsoftonline.com/organizations", tid: guest,
             iss: "https://login.microsoftonline.com/\(guest)/v2.0"),
        Case(fixture: "consumers", authority: "https://login.microsoftonline.com/consumers", tid: msa,
             iss: "https://login.microsoftonline.com/\(msa)/v2.0"),
        Case(fixture: "us-government-common", authority: "https://login.microsoftonline.us/common", tid: guest,
             iss: "https://login.microsoftonline.us/\(guest)/v2.0"),
        Case(fixture: "china-organizations", authority: "https://login.chinacloudapi.cn/organizations", tid: guest,
             iss: "https://login.partner.microsoftonline.cn/\(guest)/v2.0"),
        Case(fixture: "external-id", authority: "https://contoso.ciamlogin.com/", tid: tenant,
             iss: "https://\(tenant).ciamlogin.com/\(tenant)/v2.0"),
        Case(fixture: "external-id", authority: "https://contoso.ciamlogin.com/\(tenant)", tid: tenant,
             iss: "https://\(tenant).ciamlogin.com/\(tenant)/v2.0"),
        Case(fixture: "external-id-custom-domain", authority: "https://login.contoso.com/\(tenant)", tid: tenant,
             iss: "https://\(tenant).ciamlogin.com/\(tenant)/v2.0"),
        Case(fixture: "b2c-user-flow", keys: "b2c-keys", b2c: ("contoso", "B2C_1_susi"), tid: b2cTenant,
             iss: "https://contoso.b2clogin.com/\(b2cTenant)/v2.0/", b2cClaims: true),
    ]

    static func fixture(_ name: String) -> [UInt8] { TestKey.fixture("OIDCTests/Fixtures/entra/\(name).json") }

    static func authority(_ c: Case) throws -> Authority {
        try Authority.resolve(authority: c.authority, oidcAuthority: c.oidcAuthority, b2cTenant: c.b2c?.tenant, b2cFlow: c.b2c?.flow)
    }

    /// The claims Entra puts in a v2.0 ID token (B2C: its own set, `ver` 1.0 under a v2.0 issuer).
    static func claims(_ c: Case, nonce: String) -> [String: JSONValue] {
        var claims: [String: JSONValue] = [
            "aud": .string(clientID), "iss": .string(c.iss), "iat": .number(Double(now - 5)), "nbf": .number(Double(now - 5)),
            "exp": .number(Double(now + 3595)), "nonce": .string(nonce), "sub": .string("AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ"),
            "name": .string("Ada Lovelace"),
        ]
        if c.b2cClaims {
            for (k, v): (String, JSONValue) in [("ver", .string("1.0")), ("auth_time", .number(Double(now - 5))), ("tfp", .string("B2C_1_susi")),
                                                 ("oid", .string("00aa00aa-bb11-cc22-dd33-44ee44ee44ee")),
                                                 ("emails", .array([.string("ada@contoso.com")])), ("idp", .string("LocalAccount"))] {
                claims[k] = v
            }
            return claims
        }
        for (k, v): (String, JSONValue) in [
            ("ver", .string("2.0")), ("tid", .string(c.tid)), ("oid", .string("00aa00aa-bb11-cc22-dd33-44ee44ee44ee")),
            ("preferred_username", .string("ada@contoso.com")), ("aio", .string("AXQAi/8TAAAAr8GnJ4d1aZ8lIh2FEqC7kV3")),
            ("login_hint", .string("O.CiQwMGFhMDBhYS1iYjExLWNjMjItZGQzMy00NGVlNDRlZTQ0ZWUSJGFhYWFiYmJi")),
            ("sid", .string("001a0b2c-3d4e-5f60-7a8b-9c0d1e2f3a4b")), ("uti", .string("kG4w7Vb4x0CSzTU3Jx9vAA")),
            ("rh", .string("1.AXkAu_8BdQ1qxUmJ3TzGiAIvnBEREiKry7sz3MxERERNVVUAAA.")),
            ("xms_pl", .string("en")), ("xms_tpl", .string("en")), ("xms_pdl", .string("EUR")),
        ] { claims[k] = v }
        return claims
    }

    static func signedToken(_ claims: [String: JSONValue], kid: String = "kid-rsa-a") throws -> String {
        let header: [String: JSONValue] = ["typ": .string("JWT"), "alg": .string("RS256"), "kid": .string(kid)]
        let input = Base64.urlEncode(JSONValue.object(header).serialized()) + "." + Base64.urlEncode(JSONValue.object(claims).serialized())
        return input + "." + Base64.urlEncode(try TestKey.rsaA.sign(message: Array(input.utf8), algorithm: .RS256))
    }

    @Test("the metadata parses, the authority accepts its issuer, and an Entra ID token validates against it", arguments: cases)
    func fixtureSignsIn(_ c: Case) throws {
        let metadata = try ProviderMetadata.parse(Self.fixture(c.fixture + ".openid-configuration"))
        #expect(try ProviderMetadata.parse(metadata.json) == metadata, "what the provider cache keeps reads back the same")
        #expect(metadata.json.count < Self.fixture(c.fixture + ".openid-configuration").count)
        let authority = try Self.authority(c)
        #expect(authority.accepts(metadataIssuer: metadata.issuer))
        let issuer = try authority.tokenIssuer(metadataIssuer: metadata.issuer)
        #expect(issuer == metadata.issuer)
        let keys = try JWKSet(json: Self.fixture(c.keys))
        let validator = IDTokenValidator(issuer: issuer, clientID: Self.clientID)
        let claims = try validator.validate(try Self.signedToken(Self.claims(c, nonce: "n-1")), keys: keys, nonce: "n-1", now: Self.now)
        #expect(claims.iss == c.iss)
        #expect(claims.tid == (c.b2cClaims ? nil : c.tid))
        // The session's iss is accepted again on the next request.
        #expect(authority.accepts(metadataIssuer: claims.iss))
    }

    static let templateFixtures: Set<String> = ["common", "organizations", "us-government-common", "china-organizations"]

    static func validator(_ c: Case) throws -> (IDTokenValidator, JWKSet) {
        let metadata = try ProviderMetadata.parse(Self.fixture(c.fixture + ".openid-configuration"))
        #expect(try ProviderMetadata.parse(metadata.json) == metadata, "what the provider cache keeps reads back the same")
        #expect(metadata.json.count < Self.fixture(c.fixture + ".openid-configuration").count)
        let issuer = try Self.authority(c).tokenIssuer(metadataIssuer: metadata.issuer)
        return (IDTokenValidator(issuer: issuer, clientID: Self.clientID), try JWKSet(json: Self.fixture(c.keys)))
    }

    @Test("under the {tenantid} template, a token whose iss names another tenant than its tid is refused",
          arguments: cases.filter { templateFixtures.contains($0.fixture) })
    func wrongTenantRefused(_ c: Case) throws {
        let (validator, keys) = try Self.validator(c)
        #expect(validator.issuer.contains("{tenantid}"))
        var claims = Self.claims(c, nonce: "n-1")
        claims["tid"] = .string("00000000-0000-0000-0000-00000000beef")
        #expect(throws: JOSEError.claim("iss", "does not match the provider's issuer")) {
            try validator.validate(try Self.signedToken(claims), keys: keys, nonce: "n-1", now: Self.now)
        }
    }

    @Test("a v1.0 token is refused as such under each fixture's issuer", arguments: cases.filter { !$0.b2cClaims })
    func v1TokenRefused(_ c: Case) throws {
        let (validator, keys) = try Self.validator(c)
        var claims = Self.claims(c, nonce: "n-1")
        claims["iss"] = .string("https://sts.windows.net/\(c.tid)/")
        claims["ver"] = .string("1.0")
        #expect(throws: JOSEError.v1Token) { try validator.validate(try Self.signedToken(claims), keys: keys, nonce: "n-1", now: Self.now) }
    }

    @Test("Entra's key set parses into both keys, and a key of another kid does not verify")
    func keySet() throws {
        let keys = try JWKSet(json: Self.fixture("keys"))
        #expect(keys.keys.map(\.kid) == ["kid-rsa-a", "kid-rsa-b"])
        let c = Self.cases[0]
        let validator = IDTokenValidator(issuer: c.iss, clientID: Self.clientID)
        #expect(throws: JOSEError.badSignature) {
            try validator.validate(try Self.signedToken(Self.claims(c, nonce: "n"), kid: "kid-rsa-b"), keys: keys, nonce: "n", now: Self.now)
        }
    }
}
