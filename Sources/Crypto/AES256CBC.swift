internal import COpenSSL

/// AES-256 in CBC mode with PKCS#7 padding (NIST SP 800-38A, RFC 5652 §6.3) through EVP_CIPHER.
public enum AES256CBC {
    /// OpenSSL's own AES-256-CBC method (AES-NI where the CPU has it), duplicated so that EVP runs it directly.
    /// Start-up matters here (a CGI process seals or opens a cookie on most requests): OpenSSL 3.0 answers the
    /// first provider fetch of any cipher by building its whole cipher table, about 3 million instructions,
    /// ~30 % of a signed-in request. A duplicated method is "legacy" to EVP and skips that fetch; the cipher
    /// code is the same. Falls back to the provider fetch if duplication is refused.
    nonisolated(unsafe) private static let method: OpaquePointer? = EVP_CIPHER_meth_dup(EVP_aes_256_cbc())

    public static func encrypt(key: [UInt8], iv: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try key.withUnsafeBytes { k in Result { () throws(CryptoError) in try encrypt(key: k, iv: iv, plaintext: plaintext) } }.get()
    }

    /// Throws `.invalidInput` for a ciphertext that is not whole blocks or whose padding is wrong.
    public static func decrypt(key: [UInt8], iv: [UInt8], ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try key.withUnsafeBytes { k in Result { () throws(CryptoError) in try decrypt(key: k, iv: iv, ciphertext: ciphertext) } }.get()
    }

    /// With a key held elsewhere (a `SecretBytes`), so no copy of the key is made.
    public static func encrypt(key: UnsafeRawBufferPointer, iv: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try run(key: key, iv: iv, input: plaintext, encrypt: true)
    }

    /// With a key held elsewhere (a `SecretBytes`); throws as `decrypt(key:iv:ciphertext:)` does.
    public static func decrypt(key: UnsafeRawBufferPointer, iv: [UInt8], ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { throw .invalidInput("ciphertext is not whole AES blocks") }
        return try run(key: key, iv: iv, input: ciphertext, encrypt: false)
    }

    private static func run(key: UnsafeRawBufferPointer, iv: [UInt8], input: [UInt8], encrypt: Bool) throws(CryptoError) -> [UInt8] {
        guard key.count == 32, let keyBytes = key.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw .invalidKey("AES-256 key must be 32 bytes")
        }
        guard iv.count == 16 else { throw .invalidInput("AES-CBC IV must be 16 bytes") }
        guard input.count <= Int(Int32.max) - 16 else { throw .invalidInput("input too long") }
        let context = try CipherContext()
        // The context's key schedule is cleansed by EVP_CIPHER_CTX_free.
        guard EVP_CipherInit_ex(context.pointer, method ?? EVP_aes_256_cbc(), nil, keyBytes, iv, encrypt ? 1 : 0) == 1 else {
            throw .lastOpenSSL("EVP_CipherInit_ex")
        }
        var out = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        var final: Int32 = 0
        let ok = input.withUnsafeBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                guard EVP_CipherUpdate(context.pointer, outBuf.baseAddress, &written, inBuf.baseAddress, Int32(inBuf.count)) == 1 else { return false }
                return EVP_CipherFinal_ex(context.pointer, outBuf.baseAddress.map { $0 + Int(written) }, &final) == 1
            }
        }
        guard ok else {
            ERR_clear_error()
            throw encrypt ? .openssl("AES-256-CBC encryption failed") : .invalidInput("AES-256-CBC padding is invalid")
        }
        return Array(out.prefix(Int(written + final)))
    }
}
