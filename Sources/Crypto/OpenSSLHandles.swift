internal import COpenSSL

/// Owns an EVP_MD_CTX; frees it in `deinit`.
final class DigestContext {
    let pointer: OpaquePointer
    init() throws(CryptoError) {
        OpenSSLLibrary.ensureInitialized()
        guard let ctx = EVP_MD_CTX_new() else { throw .lastOpenSSL("EVP_MD_CTX_new") }
        pointer = ctx
    }
    deinit { EVP_MD_CTX_free(pointer) }
}

/// Owns an EVP_CIPHER_CTX; frees (and cleanses) it in `deinit`.
final class CipherContext {
    let pointer: OpaquePointer
    init() throws(CryptoError) {
        OpenSSLLibrary.ensureInitialized()
        guard let ctx = EVP_CIPHER_CTX_new() else { throw .lastOpenSSL("EVP_CIPHER_CTX_new") }
        pointer = ctx
    }
    deinit { EVP_CIPHER_CTX_free(pointer) }
}

/// Owns an EVP_PKEY_CTX; frees it in `deinit`.
final class PKeyContext {
    let pointer: OpaquePointer
    init(name: String) throws(CryptoError) {
        OpenSSLLibrary.ensureInitialized()
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, name, nil) else { throw .lastOpenSSL("EVP_PKEY_CTX_new_from_name(\(name))") }
        pointer = ctx
    }
    init(for key: PKey) throws(CryptoError) {
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { throw .lastOpenSSL("EVP_PKEY_CTX_new_from_pkey") }
        pointer = ctx
    }
    deinit { EVP_PKEY_CTX_free(pointer) }
}

/// Owns an EVP_PKEY; frees it in `deinit`. Shared by VerifyingKey and SigningKey.
final class PKey {
    let pointer: OpaquePointer
    /// Takes ownership of one reference to `pointer`.
    init(owning pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }
}

/// Owns a BIGNUM; frees it in `deinit`.
final class BigNumber {
    let pointer: OpaquePointer
    init(owning pointer: OpaquePointer) { self.pointer = pointer }
    deinit { BN_free(pointer) }

    /// Big-endian bytes, left-padded with zeros to `size` when given; nil when the number needs more.
    func bytes(paddedTo size: Int? = nil) -> [UInt8]? { Self.bytes(of: pointer, paddedTo: size) }

    /// The same, for a BIGNUM owned elsewhere (e.g. by an ECDSA_SIG).
    static func bytes(of n: OpaquePointer, paddedTo size: Int? = nil) -> [UInt8]? {
        let natural = (Int(BN_num_bits(n)) + 7) / 8
        let length = size ?? natural
        guard natural <= length, length <= Int(Int32.max) else { return nil }
        var out = [UInt8](repeating: 0, count: length)
        let written = out.withUnsafeMutableBufferPointer { BN_bn2binpad(n, $0.baseAddress, Int32(length)) }
        return written == Int32(length) ? out : nil
    }
}
