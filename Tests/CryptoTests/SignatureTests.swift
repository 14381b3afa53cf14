import Crypto
import Encoding
import KeyFixtures
import Testing

/// The shared fixed test keys, by role.
enum TestKeys {
    static let rsa = TestKey.rsaA
    static let otherRSA = TestKey.rsaB
    static let p256 = TestKey.p256A
    static let p384 = TestKey.p384
    static let p521 = TestKey.p521
    static let otherP256 = TestKey.p256B

    static func signer(for algorithm: SignatureAlgorithm) -> TestKey {
        switch algorithm {
        case .RS256, .RS384, .RS512, .PS256, .PS384, .PS512: rsa
        case .ES256: p256
        case .ES384: p384
        case .ES512: p521
        }
    }

    /// A key of the same kind (and curve) as the signer, but not its pair.
    static func stranger(for algorithm: SignatureAlgorithm) -> TestKey {
        switch algorithm {
        case .ES256: otherP256
        case .ES384: p521
        case .ES512: p384
        default: otherRSA
        }
    }

    /// Rebuilds the public key from its JWK members, as the JOSE module will.
    static func fromJWK(_ jwk: [String: String]) throws -> VerifyingKey {
        func member(_ name: String) throws -> [UInt8] {
            try #require(jwk[name].flatMap { Base64.urlDecode($0) }, "JWK member \(name)")
        }
        if jwk["kty"] == "RSA" { return try VerifyingKey.rsa(modulus: member("n"), exponent: member("e")) }
        let curve = try #require(jwk["crv"].flatMap(ECCurve.init(rawValue:)))
        return try VerifyingKey.ec(curve: curve, x: member("x"), y: member("y"))
    }
}

@Suite("Signatures")
struct SignatureTests {
    let message = Array("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0".utf8)

    @Test("a signature verifies under the public key rebuilt from the JWK", arguments: SignatureAlgorithm.allCases)
    func roundTrip(_ algorithm: SignatureAlgorithm) throws {
        let signer = TestKeys.signer(for: algorithm)
        let signature = try signer.sign(message: message, algorithm: algorithm)
        let key = try TestKeys.fromJWK(signer.publicJWK)
        #expect(key.verify(signature: signature, message: message, algorithm: algorithm))
        #expect(signer.verifyingKey.verify(signature: signature, message: message, algorithm: algorithm))
    }

    @Test("ES* signatures are raw r||s of twice the coordinate size (RFC 7518 §3.4)",
          arguments: [(SignatureAlgorithm.ES256, 64), (.ES384, 96), (.ES512, 132)])
    func rawECDSA(_ algorithm: SignatureAlgorithm, _ length: Int) throws {
        #expect(try TestKeys.signer(for: algorithm).sign(message: message, algorithm: algorithm).count == length)
    }

    @Test("flipping any one bit of signature or message fails verification", arguments: SignatureAlgorithm.allCases)
    func flipped(_ algorithm: SignatureAlgorithm) throws {
        let signer = TestKeys.signer(for: algorithm)
        let signature = try signer.sign(message: message, algorithm: algorithm)
        let key = signer.verifyingKey
        for index in [0, signature.count / 2, signature.count - 1] {
            var bad = signature
            bad[index] ^= 0x01
            #expect(!key.verify(signature: bad, message: message, algorithm: algorithm), "signature byte \(index)")
        }
        var badMessage = message
        badMessage[3] ^= 0x01
        #expect(!key.verify(signature: signature, message: badMessage, algorithm: algorithm))
        #expect(!key.verify(signature: Array(signature.dropLast()), message: message, algorithm: algorithm))
        #expect(!key.verify(signature: [], message: message, algorithm: algorithm))
    }

    @Test("another key of the same kind does not verify", arguments: SignatureAlgorithm.allCases)
    func wrongKey(_ algorithm: SignatureAlgorithm) throws {
        let signature = try TestKeys.signer(for: algorithm).sign(message: message, algorithm: algorithm)
        #expect(!TestKeys.stranger(for: algorithm).verifyingKey.verify(signature: signature, message: message, algorithm: algorithm))
    }

    @Test("a signature is refused under another algorithm family or hash",
          arguments: [(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256), (.ES256, .RS256), (.RS256, .PS256),
                      (.PS256, .RS256), (.RS256, .RS384), (.ES256, .ES384), (.PS512, .PS256)])
    func wrongFamily(_ signedAs: SignatureAlgorithm, _ checkedAs: SignatureAlgorithm) throws {
        let signature = try TestKeys.signer(for: signedAs).sign(message: message, algorithm: signedAs)
        // Try every key we have: none may accept the signature under the other algorithm.
        for key in [TestKeys.rsa, TestKeys.p256, TestKeys.p384, TestKeys.p521] {
            #expect(!key.verifyingKey.verify(signature: signature, message: message, algorithm: checkedAs))
        }
    }

    @Test("signing with a key of the wrong family throws")
    func signWrongFamily() {
        #expect(throws: CryptoError.self) { try TestKeys.p256.sign(message: [1], algorithm: .RS256) }
        #expect(throws: CryptoError.self) { try TestKeys.rsa.sign(message: [1], algorithm: .ES256) }
        #expect(throws: CryptoError.self) { try TestKeys.p384.sign(message: [1], algorithm: .ES256) }
    }

    @Test("key kinds are reported")
    func kinds() throws {
        #expect(TestKeys.rsa.verifyingKey.isRSA && TestKeys.rsa.verifyingKey.ecCurve == nil)
        #expect(!TestKeys.p384.verifyingKey.isRSA && TestKeys.p384.verifyingKey.ecCurve == .p384)
        #expect(TestKeys.p521.publicJWK["crv"] == "P-521" && TestKeys.rsa.publicJWK["e"] == "AQAB")
    }
}

@Suite("Public keys from JWK members")
struct VerifyingKeyTests {
    @Test("an RSA modulus under 2048 bits is rejected")
    func smallRSA() throws {
        let small = TestKey.rsa1024
        let n = try #require(small.publicJWK["n"].flatMap { Base64.urlDecode($0) })
        #expect(n.count == 128)
        #expect(throws: CryptoError.self) { try VerifyingKey.rsa(modulus: n, exponent: [1, 0, 1]) }
    }

    @Test("a 2048-bit modulus with a leading zero octet is accepted")
    func leadingZero() throws {
        let n = try #require(TestKeys.rsa.publicJWK["n"].flatMap { Base64.urlDecode($0) })
        let key = try VerifyingKey.rsa(modulus: [0] + n, exponent: [1, 0, 1])
        let signature = try TestKeys.rsa.sign(message: [7], algorithm: .RS256)
        #expect(key.verify(signature: signature, message: [7], algorithm: .RS256))
    }

    @Test("unusable RSA exponents and moduli are rejected",
          arguments: [[UInt8]([]), [1], [0, 1], [1, 0, 0], [1, 0, 1, 0, 0, 0, 0, 0, 1]])
    func badExponent(_ e: [UInt8]) throws {
        let n = try #require(TestKeys.rsa.publicJWK["n"].flatMap { Base64.urlDecode($0) })
        #expect(throws: CryptoError.self) { try VerifyingKey.rsa(modulus: n, exponent: e) }
    }

    @Test("an even modulus is rejected")
    func evenModulus() throws {
        var n = try #require(TestKeys.rsa.publicJWK["n"].flatMap { Base64.urlDecode($0) })
        n[n.count - 1] &= 0xfe
        #expect(throws: CryptoError.self) { try VerifyingKey.rsa(modulus: n, exponent: [1, 0, 1]) }
    }

    @Test("an EC point off the curve is rejected", arguments: [ECCurve.p256, .p384, .p521])
    func offCurve(_ curve: ECCurve) throws {
        let jwk = TestKey.ec(curve).publicJWK
        let x = try #require(jwk["x"].flatMap { Base64.urlDecode($0) })
        var y = try #require(jwk["y"].flatMap { Base64.urlDecode($0) })
        _ = try VerifyingKey.ec(curve: curve, x: x, y: y)  // the genuine point is accepted
        y[y.count - 1] ^= 0x01
        #expect(throws: CryptoError.invalidKey("EC point is not on \(curve.rawValue)")) { try VerifyingKey.ec(curve: curve, x: x, y: y) }
    }

    @Test("EC coordinates of the wrong length or for another curve are rejected")
    func wrongLength() throws {
        let jwk = TestKeys.p256.publicJWK
        let x = try #require(jwk["x"].flatMap { Base64.urlDecode($0) })
        let y = try #require(jwk["y"].flatMap { Base64.urlDecode($0) })
        #expect(throws: CryptoError.self) { try VerifyingKey.ec(curve: .p256, x: Array(x.dropFirst()), y: y) }
        #expect(throws: CryptoError.self) { try VerifyingKey.ec(curve: .p384, x: x, y: y) }
        #expect(throws: CryptoError.self) {
            try VerifyingKey.ec(curve: .p256, x: [UInt8](repeating: 0, count: 32), y: [UInt8](repeating: 0, count: 32))
        }
    }
}
