import Crypto
import Encoding
import JOSE
import Testing

private typealias F = TokenFactory

/// Inputs that broke other OpenID Connect relying parties, replayed at the JOSE level where the built binary cannot be
/// reached without a provider (tests-e2e/test_replay.py has the rest). alg none, HS256 keyed with the RSA key and exp 1e300
/// are rows of IDTokenRejectionTests.
@Suite("Peers' known failures (JOSE)")
struct PeerFailureTests {
    /// Small members reach the key-count cap; real RSA members reach the byte cap first. Either way no key is built.
    @Test("a JWK Set of 10,000 keys is refused quickly (RFC 7517 §5)", arguments: [
        (JSONValue.object(["kty": .string("EC")]), JOSEError.malformed("key set has more than \(JWKSet.maxKeys) keys")),
        (F.member(F.rsa, kid: "r"), JOSEError.malformed("key set larger than \(JWKSet.maxBytes) bytes")),
    ])
    func tenThousandKeys(_ member: JSONValue, expected: JOSEError) {
        let json = F.jwksJSON([JSONValue](repeating: member, count: 10_000))
        let started = ContinuousClock.now
        #expect(throws: expected) { try JWKSet(json: json) }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    /// A key's `alg` must match the token's, and its `kty` the algorithm's family (RFC 7517 §4.4, RFC 8725 §3.1).
    @Test("a key whose kty and alg disagree checks no token", arguments: [
        ("RSA key declared ES256", F.member(F.rsa, kid: "rsa-1", extra: ["alg": "ES256"]), SignatureAlgorithm.RS256),
        ("EC key declared RS256", F.member(F.ec, kid: "rsa-1", extra: ["alg": "RS256"]), SignatureAlgorithm.RS256),
    ])
    func ktyAlgMismatch(_ name: String, member: JSONValue, alg: SignatureAlgorithm) throws {
        let keys = try JWKSet(json: F.jwksJSON([member]))
        let token = try F.token(alg: alg, key: F.rsa, kid: "rsa-1")
        #expect(throws: JOSEError.noUsableKey) {
            try F.validator.validate(token, keys: keys, nonce: F.nonce, now: F.now)
        }
    }

    @Test("a claim nested 64 levels deep is refused cleanly, past the reader's depth limit (RFC 8259 §9 allows one)")
    func deeplyNestedClaim() throws {
        var nested = JSONValue.string("bottom")
        for _ in 0..<64 { nested = .array([nested]) }
        let deep = nested
        let token = try F.token(claims: F.claims { $0["deep"] = deep })
        #expect(throws: JOSEError.malformed("payload is not a JSON object")) {
            try F.validator.validate(token, keys: try F.keys(), nonce: F.nonce, now: F.now)
        }
        // 30 levels (within the limit) are read and kept as they are.
        var shallow = JSONValue.string("bottom")
        for _ in 0..<30 { shallow = .array([shallow]) }
        let kept = shallow
        let ok = try F.validator.validate(try F.token(claims: F.claims { $0["deep"] = kept }), keys: try F.keys(), nonce: F.nonce, now: F.now)
        #expect(ok.all["deep"] == kept)
    }
}
