internal import COpenSSL

/// A private key read from PEM that signs JWS inputs (RFC 7515 §5.1) with the RFC 7518 §3 algorithms.
public final class SigningKey: @unchecked Sendable {  // immutable after init; OpenSSL keys are safe to share for signing
    let key: PKey
    /// The public half.
    public let verifyingKey: VerifyingKey

    /// The first private key in `pem` (PKCS #8 `PRIVATE KEY`, PKCS #1 `RSA PRIVATE KEY`, `EC PRIVATE KEY`),
    /// RSA or a JOSE curve (RFC 7518 §6.2.1.1); encrypted keys are refused.
    public convenience init(pem: [UInt8]) throws(CryptoError) {
        try self.init(key: PEMReader.privateKey(pem))
    }

    init(key: PKey) throws(CryptoError) {
        self.key = key
        let isRSA = EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_RSA
        var curve: ECCurve?
        if !isRSA {
            guard EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_EC else { throw .invalidKey("the private key is neither RSA nor EC") }
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            guard EVP_PKEY_get_utf8_string_param(key.pointer, OSSL_PKEY_PARAM_GROUP_NAME, &name, name.count, &length) == 1 else {
                throw .lastOpenSSL("EVP_PKEY_get_utf8_string_param(group)")
            }
            let group = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            curve = [ECCurve.p256, .p384, .p521].first { $0.groupName == group }
            guard curve != nil else { throw .invalidKey("EC curve \(group) is not P-256, P-384 or P-521") }
        }
        // The verifying key holds its own reference to the same EVP_PKEY.
        EVP_PKEY_up_ref(key.pointer)
        verifyingKey = VerifyingKey(key: PKey(owning: key.pointer), isRSA: isRSA, ecCurve: curve)
    }

    /// Bits of the RSA modulus or of the curve's order.
    public var bits: Int { Int(EVP_PKEY_get_bits(key.pointer)) }

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
}
