internal import COpenSSL

/// HMAC (RFC 2104) with SHA-2, through OpenSSL's HMAC_CTX over the duplicated digest methods of `LegacyDigest`
/// (EVP_Q_mac would fetch the MAC and digest tables on every CGI start).
public enum HMAC {
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        mac(key: key, message: message, digest: LegacyDigest.sha256 ?? EVP_sha256(), name: "SHA256")
    }

    public static func sha512(key: [UInt8], message: [UInt8]) -> [UInt8] {
        mac(key: key, message: message, digest: LegacyDigest.sha512 ?? EVP_sha512(), name: "SHA512")
    }

    private static func mac(key: [UInt8], message: [UInt8], digest: OpaquePointer?, name: String) -> [UInt8] {
        OpenSSLLibrary.ensureInitialized()
        guard let context = HMAC_CTX_new() else { fatalError("OpenSSL HMAC_CTX_new failed") }
        defer { HMAC_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // HMAC_Init_ex takes an empty key as a pointer to one unused byte (a NULL key means "reuse the last one").
        let keyBytes = key.isEmpty ? [0] : key
        let ok = keyBytes.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC_Init_ex(context, k.baseAddress, Int32(key.count), digest, nil) == 1
                        && HMAC_Update(context, m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count) == 1
                        && HMAC_Final(context, o.baseAddress, &length) == 1
                }
            }
        }
        // HMAC over in-memory bytes fails only when libcrypto itself is unusable; no input can cause it.
        guard ok else { fatalError("OpenSSL HMAC-\(name) failed") }
        return Array(out.prefix(Int(length)))
    }
}
