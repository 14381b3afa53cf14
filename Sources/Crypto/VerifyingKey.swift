internal import COpenSSL

/// A public key from a JWK, checked when built, that verifies JWS signatures (RFC 7518 §3).
public final class VerifyingKey: @unchecked Sendable {  // immutable after init; OpenSSL keys are safe to share for verification
    let key: PKey
    public let isRSA: Bool
    public let ecCurve: ECCurve?

    init(key: PKey, isRSA: Bool, ecCurve: ECCurve?) {
        self.key = key
        self.isRSA = isRSA
        self.ecCurve = ecCurve
    }

    static let minimumRSABits = 2048
    static let maximumRSABits = 16384

    /// An RSA public key from a JWK's `n` and `e` (RFC 7518 §6.3.1); moduli under 2048 bits are rejected (§3.3).
    public static func rsa(modulus: [UInt8], exponent: [UInt8]) throws(CryptoError) -> VerifyingKey {
        let n = modulus.drop { $0 == 0 }
        let e = exponent.drop { $0 == 0 }
        let bits = n.count * 8 - (n.first.map { $0.leadingZeroBitCount } ?? 8)
        guard bits >= minimumRSABits else { throw .invalidKey("RSA modulus has \(max(bits, 0)) bits, fewer than \(minimumRSABits)") }
        guard bits <= maximumRSABits else { throw .invalidKey("RSA modulus is too large") }
        guard let lastN = n.last, lastN & 1 == 1 else { throw .invalidKey("RSA modulus is even") }
        // An exponent of more than 64 bits is refused as OpenSSL does for large moduli; e must be odd and > 1.
        guard e.count <= 8, let lastE = e.last, lastE & 1 == 1, e.count > 1 || lastE > 1 else {
            throw .invalidKey("RSA exponent is unusable")
        }
        let params = try ParamBuilder()
        try params.pushUnsigned(OSSL_PKEY_PARAM_RSA_N, bigEndian: Array(n))
        try params.pushUnsigned(OSSL_PKEY_PARAM_RSA_E, bigEndian: Array(e))
        let key = try fromData(type: "RSA", params: params.build())
        return VerifyingKey(key: key, isRSA: true, ecCurve: nil)
    }

    /// An EC public key from a JWK's `crv`, `x`, `y` (RFC 7518 §6.2.1); the point must lie on the curve.
    public static func ec(curve: ECCurve, x: [UInt8], y: [UInt8]) throws(CryptoError) -> VerifyingKey {
        let size = curve.coordinateSize
        guard x.count == size, y.count == size else { throw .invalidKey("EC coordinates must be \(size) bytes for \(curve.rawValue)") }
        let params = try ParamBuilder()
        try params.pushUTF8(OSSL_PKEY_PARAM_GROUP_NAME, curve.groupName)
        try params.pushOctets(OSSL_PKEY_PARAM_PUB_KEY, [0x04] + x + y)  // SEC 1 §2.3.3 uncompressed point
        let key: PKey
        do {
            key = try fromData(type: "EC", params: params.build())
        } catch {
            throw .invalidKey("EC point is not on \(curve.rawValue)")
        }
        // SEC 1 §3.2.2.1 partial public-key validation: on the curve and not the point at infinity.
        let context = try PKeyContext(for: key)
        guard EVP_PKEY_public_check_quick(context.pointer) == 1 else {
            ERR_clear_error()
            throw .invalidKey("EC point is not on \(curve.rawValue)")
        }
        return VerifyingKey(key: key, isRSA: false, ecCurve: curve)
    }

    /// EVP_PKEY_PUBLIC_KEY, a compound macro Swift cannot import.
    private static let publicKeySelection = OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS
        | OSSL_KEYMGMT_SELECT_PUBLIC_KEY

    private static func fromData(type: String, params: ParamList) throws(CryptoError) -> PKey {
        let context = try PKeyContext(name: type)
        guard EVP_PKEY_fromdata_init(context.pointer) == 1 else { throw .lastOpenSSL("EVP_PKEY_fromdata_init") }
        var pkey: OpaquePointer?
        guard EVP_PKEY_fromdata(context.pointer, &pkey, publicKeySelection, params.pointer) == 1, let pkey else {
            throw .lastOpenSSL("EVP_PKEY_fromdata(\(type))")
        }
        return PKey(owning: pkey)
    }

    /// False for any mismatch (algorithm family vs key type, wrong size, bad signature); ES* signatures are JOSE raw r||s.
    public func verify(signature: [UInt8], message: [UInt8], algorithm: SignatureAlgorithm) -> Bool {
        let der: [UInt8]
        switch algorithm.family {
        case .rsaPKCS1, .rsaPSS:
            // RFC 8017 §8.1.2 / §8.2.2 step 1: the signature is exactly as long as the modulus.
            guard isRSA, signature.count == Int(EVP_PKEY_get_size(key.pointer)) else { return false }
            der = signature
        case .ecdsa(let curve):
            guard curve == ecCurve, let converted = ECDSASignature.der(fromRaw: signature, curve: curve) else { return false }
            der = converted
        }
        guard let context = try? DigestContext() else { return false }
        var pkeyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context.pointer, &pkeyContext, algorithm.digest, nil, key.pointer) == 1,
              Self.configurePadding(pkeyContext, algorithm) else {
            ERR_clear_error()
            return false
        }
        let rc = der.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { msg in
                EVP_DigestVerify(context.pointer, sig.baseAddress, sig.count, msg.baseAddress, msg.count)
            }
        }
        ERR_clear_error()  // a failed verification queues a reason nobody reads
        return rc == 1
    }

    /// RS*: PKCS #1 v1.5; PS*: PSS with MGF1 on the same hash and a salt as long as the hash (RFC 7518 §3.5).
    static func configurePadding(_ context: OpaquePointer?, _ algorithm: SignatureAlgorithm) -> Bool {
        switch algorithm.family {
        case .rsaPKCS1:
            return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
        case .rsaPSS:
            return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, RSA_PSS_SALTLEN_DIGEST) == 1
                && EVP_PKEY_CTX_set_rsa_mgf1_md(context, algorithm.digest) == 1
        case .ecdsa:
            return true
        }
    }
}
