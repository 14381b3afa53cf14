internal import COpenSSL

/// Reads the blocks of PEM text (RFC 7468) that OpenSSL's PEM readers understand: certificates and private keys.
enum PEMReader {
    /// Largest PEM input read; a certificate and its key take a few kilobytes.
    static let maxBytes = 256 * 1024

    /// Every `CERTIFICATE` block, in file order (RFC 7468 §5); other blocks are skipped.
    static func certificates(_ pem: [UInt8]) throws(CryptoError) -> [X509Certificate] {
        let bio = try MemoryBIO(pem)
        var found: [X509Certificate] = []
        while let cert = PEM_read_bio_X509(bio.pointer, nil, nil, nil) {
            found.append(X509Certificate(owning: cert))
        }
        let reason = ERR_peek_last_error()
        ERR_clear_error()
        // The loop ends at "no start line" once the input is used up; anything else is a damaged block.
        guard ERR_GET_LIB(reason) == ERR_LIB_PEM, ERR_GET_REASON(reason) == PEM_R_NO_START_LINE else {
            throw .invalidInput("a CERTIFICATE block is not a valid X.509 certificate")
        }
        return found
    }

    /// The first private key block: `PRIVATE KEY` (PKCS #8, RFC 5958), `RSA PRIVATE KEY` (PKCS #1) or
    /// `EC PRIVATE KEY` (RFC 5915). An encrypted key is refused: the program has no one to ask for a password.
    static func privateKey(_ pem: [UInt8]) throws(CryptoError) -> PKey {
        let bio = try MemoryBIO(pem)
        var asked = false
        let key = withUnsafeMutablePointer(to: &asked) { flag in
            PEM_read_bio_PrivateKey(bio.pointer, nil, refusePassword, UnsafeMutableRawPointer(flag))
        }
        ERR_clear_error()
        if let key { return PKey(owning: key) }
        // OpenSSL 3's decoders report these cases with varying reasons; the PEM armour tells them apart.
        let text = String(decoding: pem, as: UTF8.self)
        if asked || text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED") {
            throw .invalidKey("the private key is encrypted; store it unencrypted (openssl pkey -in key.pem -out plain.pem) in a file only its owner can read")
        }
        guard text.contains("PRIVATE KEY-----") else { throw .invalidKey("no PRIVATE KEY or RSA PRIVATE KEY block") }
        throw .invalidKey("the private key block cannot be read")
    }
}

/// OpenSSL's password callback (pem_password_cb): notes that a password was wanted and gives none.
private func refusePassword(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int32, _ writing: Int32,
                            _ flag: UnsafeMutableRawPointer?) -> Int32 {
    flag?.assumingMemoryBound(to: Bool.self).pointee = true
    return -1
}

/// Owns a read-only memory BIO over a copy of the input; frees it in `deinit`.
final class MemoryBIO {
    let pointer: OpaquePointer
    private let storage: UnsafeMutableBufferPointer<UInt8>

    init(_ bytes: [UInt8]) throws(CryptoError) {
        OpenSSLLibrary.ensureInitialized()
        guard bytes.count <= PEMReader.maxBytes else { throw .invalidInput("PEM input larger than \(PEMReader.maxBytes) bytes") }
        storage = .allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        guard let bio = BIO_new_mem_buf(storage.baseAddress, Int32(bytes.count)) else {
            storage.deallocate()
            throw .lastOpenSSL("BIO_new_mem_buf")
        }
        pointer = bio
    }

    deinit {
        BIO_free(pointer)
        storage.update(repeating: 0)  // may hold a private key
        storage.deallocate()
    }
}

/// Owns an X509; frees it in `deinit`.
final class X509Certificate {
    let pointer: OpaquePointer
    init(owning pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_free(pointer) }
}
