internal import COpenSSL

/// HMAC (RFC 2104) with SHA-2, through OpenSSL's HMAC_CTX over the duplicated digest methods of `LegacyDigest`
/// (EVP_Q_mac would fetch the MAC and digest tables on every CGI start).
public enum HMAC {
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        key.withUnsafeBytes { k in message.withUnsafeBytes { sha256(key: k, message: $0) } }
    }

    public static func sha512(key: [UInt8], message: [UInt8]) -> [UInt8] {
        key.withUnsafeBytes { k in message.withUnsafeBytes { sha512(key: k, message: $0) } }
    }

    /// HMAC-SHA-256 with a key held elsewhere (a `SecretBytes`), so no copy of the key is made.
    public static func sha256(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8] {
        tag(key: key, message: message, digest: LegacyDigest.sha256 ?? EVP_sha256(), name: "SHA256")
    }

    /// HMAC-SHA-512 with a key held elsewhere (a `SecretBytes`), so no copy of the key is made.
    public static func sha512(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8] {
        tag(key: key, message: message, digest: LegacyDigest.sha512 ?? EVP_sha512(), name: "SHA512")
    }

    /// HMAC-SHA-256 written into `out` (at least 32 bytes), for outputs that are themselves keys (HKDF).
    static func sha256(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        _ = mac(key: key, message: message, digest: LegacyDigest.sha256 ?? EVP_sha256(), name: "SHA256", into: out)
    }

    private static func tag(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, digest: OpaquePointer?, name: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        let length = out.withUnsafeMutableBytes { mac(key: key, message: message, digest: digest, name: name, into: $0) }
        return Array(out.prefix(length))
    }

    private static func mac(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, digest: OpaquePointer?, name: String,
                            into out: UnsafeMutableRawBufferPointer) -> Int {
        OpenSSLLibrary.ensureInitialized()
        guard out.count >= Int(EVP_MD_get_size(digest)) else { fatalError("HMAC output buffer too small") }
        guard let context = HMAC_CTX_new() else { fatalError("OpenSSL HMAC_CTX_new failed") }
        defer { HMAC_CTX_free(context) }  // HMAC_CTX_free cleanses the key schedule
        var length: UInt32 = 0
        // HMAC_Init_ex takes an empty key as a pointer to one unused byte (a NULL key means "reuse the last one").
        let unused: UInt8 = 0
        let ok = withUnsafePointer(to: unused) { spare in
            HMAC_Init_ex(context, key.baseAddress ?? UnsafeRawPointer(spare), Int32(key.count), digest, nil) == 1
                && HMAC_Update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
                && HMAC_Final(context, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1
        }
        // HMAC over in-memory bytes fails only when libcrypto itself is unusable; no input can cause it.
        guard ok else { fatalError("OpenSSL HMAC-\(name) failed") }
        return Int(length)
    }
}
