import Crypto
import Encoding
import JOSE
import Testing

private typealias F = TokenFactory

@Suite("ID token acceptance")
struct IDTokenValidatorTests {
    @Test("a good RS256 token yields its claims")
    func acceptsRS256() throws {
        let claims = try F.validator.validate(try F.token(), keys: try F.keys(), nonce: F.nonce, now: F.now)
        #expect(claims.iss == F.issuer)
        #expect(claims.sub == "user-1")
        #expect(claims.aud == [F.clientID])
        #expect(claims.exp == F.now + 600)
        #expect(claims.iat == F.now - 10)
        #expect(claims.nbf == nil)
        #expect(claims.nonce == F.nonce)
        #expect(claims.all["name"] == .string("Ada"))
    }

    @Test("ES256 and PS256 tokens are accepted", arguments: [SignatureAlgorithm.ES256, .PS256])
    func acceptsOtherDefaults(_ alg: SignatureAlgorithm) throws {
        let token = alg == .ES256 ? try F.token(alg: alg, key: F.ec, kid: "ec-1") : try F.token(alg: alg)
        let claims = try F.validator.validate(token, keys: try F.keys(), nonce: F.nonce, now: F.now)
        #expect(claims.sub == "user-1")
    }

    @Test("without kid, every fitting key is tried and the right one found")
    func noKidFindsRightKey() throws {
        let token = try F.token(key: F.rsa2, kid: nil)
        let keys = try JWKSet(json: F.jwksJSON([F.member(F.rsa, kid: "a"), F.member(F.ec, kid: "b"), F.member(F.rsa2, kid: "c")]))
        #expect(try F.validator.validate(token, keys: keys, nonce: F.nonce, now: F.now).sub == "user-1")
    }

    @Test("without kid, keys whose JWK alg names another algorithm are not candidates")
    func noKidHonoursJWKAlg() throws {
        let token = try F.token(kid: nil)
        let keys = try JWKSet(json: F.jwksJSON([F.member(F.rsa, kid: nil, extra: ["alg": "PS256"])]))
        #expect(throws: JOSEError.noUsableKey) { try F.validator.validate(token, keys: keys, nonce: F.nonce, now: F.now) }
    }

    @Test("without kid, a wrong signature over fitting keys is badSignature")
    func noKidBadSignature() throws {
        let token = try F.token(key: F.rsa2, kid: nil)
        let keys = try JWKSet(json: F.jwksJSON([F.member(F.rsa, kid: "a")]))
        #expect(throws: JOSEError.badSignature) { try F.validator.validate(token, keys: keys, nonce: F.nonce, now: F.now) }
    }

    @Test("RS384 is accepted when allowed explicitly")
    func allowListIsConfigurable() throws {
        let validator = IDTokenValidator(issuer: F.issuer, clientID: F.clientID, allowedAlgorithms: [.RS384])
        #expect(try validator.validate(try F.token(alg: .RS384), keys: try F.keys(), nonce: F.nonce, now: F.now).sub == "user-1")
        #expect(throws: JOSEError.algorithmNotAllowed("RS256")) {
            try validator.validate(try F.token(alg: .RS256), keys: try F.keys(), nonce: F.nonce, now: F.now)
        }
    }

    @Test("Entra {tenantid} template accepts a GUID tid that matches iss")
    func entraTemplate() throws {
        let validator = IDTokenValidator(issuer: "https://login.microsoftonline.com/{tenantid}/v2.0", clientID: F.clientID)
        let token = try F.token(claims: F.claims {
            $0["iss"] = .string("https://login.microsoftonline.com/\(F.tenantGUID)/v2.0")
            $0["tid"] = .string(F.tenantGUID)
        })
        let claims = try validator.validate(token, keys: try F.keys(), nonce: F.nonce, now: F.now)
        #expect(claims.tid == F.tenantGUID)
    }

    @Test("several audiences are accepted when azp is this client")
    func multipleAudiencesWithAzp() throws {
        let token = try F.token(claims: F.claims {
            $0["aud"] = .array([.string("api-2"), .string(F.clientID)])
            $0["azp"] = .string(F.clientID)
        })
        #expect(try F.validator.validate(token, keys: try F.keys(), nonce: F.nonce, now: F.now).aud == ["api-2", F.clientID])
    }

    @Test("times within the leeway pass: exp just past, nbf and iat just ahead")
    func leewayBoundaries() throws {
        let token = try F.token(claims: F.claims {
            $0["exp"] = .number(Double(F.now - 299))
            $0["nbf"] = .number(Double(F.now + 300))
            $0["iat"] = .number(Double(F.now + 300))
        })
        let claims = try F.validator.validate(token, keys: try F.keys(), nonce: F.nonce, now: F.now)
        #expect(claims.nbf == F.now + 300)
    }

    @Test("with zero leeway, exp equal to now is expired")
    func zeroLeeway() throws {
        let validator = IDTokenValidator(issuer: F.issuer, clientID: F.clientID, leeway: 0)
        let token = try F.token(claims: F.claims { $0["exp"] = .number(Double(F.now)) })
        #expect(throws: JOSEError.self) { try validator.validate(token, keys: try F.keys(), nonce: F.nonce, now: F.now) }
        #expect(try validator.validate(token, keys: try F.keys(), nonce: F.nonce, now: F.now - 1).exp == F.now)
    }

    @Test("leeway is capped at 300 seconds and never negative")
    func leewayCap() {
        #expect(IDTokenValidator(issuer: F.issuer, clientID: F.clientID, leeway: 86_400).leeway == 300)
        #expect(IDTokenValidator(issuer: F.issuer, clientID: F.clientID, leeway: -5).leeway == 0)
    }

    @Test("no nonce expected: a token without nonce passes")
    func noNonceExpected() throws {
        let token = try F.token(claims: F.claims { $0["nonce"] = nil })
        #expect(try F.validator.validate(token, keys: try F.keys(), nonce: nil, now: F.now).nonce == nil)
    }

    @Test("the signature is checked before any claim: an expired token with a bad signature is badSignature")
    func signatureBeforeClaims() throws {
        let token = try F.token(key: F.rsa2, kid: "rsa-1", claims: F.claims { $0["exp"] = .number(1) })
        #expect(throws: JOSEError.badSignature) { try F.validator.validate(token, keys: try F.keys(), nonce: F.nonce, now: F.now) }
    }
}
