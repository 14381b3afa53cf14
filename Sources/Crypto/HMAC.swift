import COpenSSL

/// HMAC (RFC 2104) with SHA-2, through OpenSSL's one-shot EVP_Q_mac.
public enum HMAC {
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] { mac(key: key, message: message, digest: "SHA256") }
    public static func sha512(key: [UInt8], message: [UInt8]) -> [UInt8] { mac(key: key, message: message, digest: "SHA512") }

    private static func mac(key: [UInt8], message: [UInt8], digest: String) -> [UInt8] {
        OpenSSLLibrary.ensureInitialized()
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        // EVP_Q_mac rejects a NULL key pointer, so an empty key is passed as a pointer to one unused byte.
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                out.withUnsafeMutableBytes { o in
                    EVP_Q_mac(nil, "HMAC", nil, digest, nil, k.baseAddress, key.count,
                              m.baseAddress, m.count, o.baseAddress?.assumingMemoryBound(to: UInt8.self), o.count, &length)
                }
            }
        }
        // HMAC over in-memory bytes fails only when libcrypto itself is unusable; no input can cause it.
        guard result != nil else { fatalError("OpenSSL HMAC-\(digest) failed") }
        return Array(out.prefix(length))
    }
}
