internal import COpenSSL

/// SHA-2 digests (FIPS 180-4) through OpenSSL's one-shot EVP_Digest (see `LegacyDigest` for why duplicated methods).
public enum SHA2 {
    public static func sha256(_ m: [UInt8]) -> [UInt8] { digest(m, LegacyDigest.sha256 ?? EVP_sha256(), name: "SHA-256") }
    public static func sha384(_ m: [UInt8]) -> [UInt8] { digest(m, LegacyDigest.sha384 ?? EVP_sha384(), name: "SHA-384") }
    public static func sha512(_ m: [UInt8]) -> [UInt8] { digest(m, LegacyDigest.sha512 ?? EVP_sha512(), name: "SHA-512") }

    /// SHA-256 of bytes held elsewhere (a `SecretBytes`), without copying them.
    public static func sha256(_ m: UnsafeRawBufferPointer) -> [UInt8] { digest(m, LegacyDigest.sha256 ?? EVP_sha256(), name: "SHA-256") }

    private static func digest(_ m: [UInt8], _ md: OpaquePointer?, name: String) -> [UInt8] {
        m.withUnsafeBytes { digest($0, md, name: name) }
    }

    private static func digest(_ input: UnsafeRawBufferPointer, _ md: OpaquePointer?, name: String) -> [UInt8] {
        OpenSSLLibrary.ensureInitialized()
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let rc = out.withUnsafeMutableBufferPointer { EVP_Digest(input.baseAddress, input.count, $0.baseAddress, &length, md, nil) }
        // A digest of in-memory bytes fails only when libcrypto itself is unusable; no input can cause it.
        guard rc == 1 else { fatalError("OpenSSL \(name) failed") }
        return Array(out.prefix(Int(length)))
    }
}
