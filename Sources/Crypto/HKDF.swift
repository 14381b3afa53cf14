import COpenSSL

/// HKDF (RFC 5869) through OpenSSL's EVP_KDF "HKDF".
public enum HKDF {
    /// Extract-then-expand with SHA-256; `length` at most 255 × 32 bytes (RFC 5869 §2.3).
    public static func sha256(ikm: [UInt8], salt: [UInt8], info: [UInt8], length: Int) throws(CryptoError) -> [UInt8] {
        guard length > 0, length <= 255 * 32 else { throw .invalidInput("HKDF output length") }
        guard !ikm.isEmpty else { throw .invalidInput("HKDF input key material is empty") }
        let params = try ParamBuilder()
        try params.pushUTF8(OSSL_KDF_PARAM_DIGEST, "SHA256")
        try params.pushOctets(OSSL_KDF_PARAM_KEY, ikm)
        // RFC 5869 §2.2: an absent salt is HashLen zero bytes, which HMAC treats exactly like an empty key.
        if !salt.isEmpty { try params.pushOctets(OSSL_KDF_PARAM_SALT, salt) }
        try params.pushOctets(OSSL_KDF_PARAM_INFO, info)
        let list = try params.build()
        let context = try KDFContext(algorithm: "HKDF")
        var out = [UInt8](repeating: 0, count: length)
        let rc = out.withUnsafeMutableBufferPointer { EVP_KDF_derive(context.pointer, $0.baseAddress, length, list.pointer) }
        guard rc == 1 else { throw .lastOpenSSL("EVP_KDF_derive") }
        return out
    }
}
