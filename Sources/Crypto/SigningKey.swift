import COpenSSL
import FoundationEssentials

/// A freshly generated private key, for tests and fixtures: tokens are signed by OpenSSL, never by hand.
public final class SigningKey: @unchecked Sendable {  // immutable after init
    let key: PKey
    /// The public half as JWK members (RFC 7517 §4, RFC 7518 §6), values base64url.
    public let publicJWK: [String: String]
    public let verifyingKey: VerifyingKey

    private init(key: PKey, publicJWK: [String: String], isRSA: Bool, ecCurve: ECCurve?) {
        self.key = key
        self.publicJWK = publicJWK
        // The verifying key holds its own reference to the same EVP_PKEY.
        EVP_PKEY_up_ref(key.pointer)
        verifyingKey = VerifyingKey(key: PKey(owning: key.pointer), isRSA: isRSA, ecCurve: ecCurve)
    }

    public static func generateRSA(bits: Int = 2048) throws(CryptoError) -> SigningKey {
        guard bits >= 1024, bits <= VerifyingKey.maximumRSABits else { throw .invalidInput("RSA key size") }
        let context = try PKeyContext(name: "RSA")
        guard EVP_PKEY_keygen_init(context.pointer) == 1 else { throw .lastOpenSSL("EVP_PKEY_keygen_init") }
        guard EVP_PKEY_CTX_set_rsa_keygen_bits(context.pointer, Int32(bits)) == 1 else {
            throw .lastOpenSSL("EVP_PKEY_CTX_set_rsa_keygen_bits")
        }
        let key = try generate(context)
        let n = try bigNumberParam(key, OSSL_PKEY_PARAM_RSA_N)
        let e = try bigNumberParam(key, OSSL_PKEY_PARAM_RSA_E)
        let jwk = ["kty": "RSA", "n": base64URL(n), "e": base64URL(e)]
        return SigningKey(key: key, publicJWK: jwk, isRSA: true, ecCurve: nil)
    }

    public static func generateEC(curve: ECCurve) throws(CryptoError) -> SigningKey {
        let context = try PKeyContext(name: "EC")
        guard EVP_PKEY_keygen_init(context.pointer) == 1 else { throw .lastOpenSSL("EVP_PKEY_keygen_init") }
        guard EVP_PKEY_CTX_set_group_name(context.pointer, curve.groupName) == 1 else {
            throw .lastOpenSSL("EVP_PKEY_CTX_set_group_name")
        }
        let key = try generate(context)
        let point = try octetParam(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, maxLength: 1 + 2 * curve.coordinateSize)
        let size = curve.coordinateSize
        guard point.count == 1 + 2 * size, point[0] == 0x04 else { throw .openssl("unexpected EC public key encoding") }
        let jwk = ["kty": "EC", "crv": curve.rawValue,
                   "x": base64URL(point[1...size]), "y": base64URL(point[(1 + size)...])]
        return SigningKey(key: key, publicJWK: jwk, isRSA: false, ecCurve: curve)
    }

    /// Signs per RFC 7518 §3: RS* PKCS #1 v1.5, PS* PSS, ES* ECDSA returned as raw r||s.
    public func sign(message: [UInt8], algorithm: SignatureAlgorithm) throws(CryptoError) -> [UInt8] {
        switch algorithm.family {
        case .rsaPKCS1, .rsaPSS:
            guard verifyingKey.isRSA else { throw .invalidKey("\(algorithm.rawValue) needs an RSA key") }
        case .ecdsa(let curve):
            guard verifyingKey.ecCurve == curve else { throw .invalidKey("\(algorithm.rawValue) needs a \(curve.rawValue) key") }
        }
        let context = try DigestContext()
        var pkeyContext: OpaquePointer?
        guard EVP_DigestSignInit(context.pointer, &pkeyContext, algorithm.digest, nil, key.pointer) == 1 else {
            throw .lastOpenSSL("EVP_DigestSignInit")
        }
        guard VerifyingKey.configurePadding(pkeyContext, algorithm) else { throw .lastOpenSSL("padding parameters") }
        var length = 0
        guard message.withUnsafeBufferPointer({ EVP_DigestSign(context.pointer, nil, &length, $0.baseAddress, $0.count) }) == 1 else {
            throw .lastOpenSSL("EVP_DigestSign (size)")
        }
        var signature = [UInt8](repeating: 0, count: length)
        let rc = message.withUnsafeBufferPointer { msg in
            signature.withUnsafeMutableBufferPointer { EVP_DigestSign(context.pointer, $0.baseAddress, &length, msg.baseAddress, msg.count) }
        }
        guard rc == 1 else { throw .lastOpenSSL("EVP_DigestSign") }
        signature.removeLast(signature.count - length)
        guard case .ecdsa(let curve) = algorithm.family else { return signature }
        guard let raw = ECDSASignature.raw(fromDER: signature, curve: curve) else { throw .openssl("ECDSA signature conversion") }
        return raw
    }

    private static func generate(_ context: PKeyContext) throws(CryptoError) -> PKey {
        var pkey: OpaquePointer?
        guard EVP_PKEY_generate(context.pointer, &pkey) == 1, let pkey else { throw .lastOpenSSL("EVP_PKEY_generate") }
        return PKey(owning: pkey)
    }

    private static func bigNumberParam(_ key: PKey, _ name: String) throws(CryptoError) -> [UInt8] {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key.pointer, name, &bn) == 1, let bn else { throw .lastOpenSSL("EVP_PKEY_get_bn_param(\(name))") }
        guard let bytes = BigNumber(owning: bn).bytes() else { throw .openssl("BN_bn2binpad") }
        return bytes
    }

    private static func octetParam(_ key: PKey, _ name: String, maxLength: Int) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: maxLength)
        var length = 0
        let rc = out.withUnsafeMutableBufferPointer { EVP_PKEY_get_octet_string_param(key.pointer, name, $0.baseAddress, maxLength, &length) }
        guard rc == 1 else { throw .lastOpenSSL("EVP_PKEY_get_octet_string_param(\(name))") }
        return Array(out.prefix(length))
    }

    /// Base64url without padding (RFC 7515 §2); Crypto does not depend on the Encoding module.
    private static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        String(Data(bytes).base64EncodedString().compactMap { c -> Character? in
            c == "+" ? "-" : c == "/" ? "_" : c == "=" ? nil : c
        })
    }
}
