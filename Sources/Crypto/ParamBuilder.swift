internal import COpenSSL

/// Owns an OSSL_PARAM_BLD and the C copies of everything pushed into it, until the parameter array is built.
///
/// OSSL_PARAM_BLD keeps pointers to pushed names, strings and big numbers until `OSSL_PARAM_BLD_to_param`,
/// so the builder keeps its own C copies alive for its whole lifetime and frees them in `deinit`.
final class ParamBuilder {
    private let builder: OpaquePointer
    private var buffers: [(pointer: UnsafeMutableRawPointer, size: Int)] = []
    private var numbers: [OpaquePointer] = []

    init() throws(CryptoError) {
        guard let b = OSSL_PARAM_BLD_new() else { throw .lastOpenSSL("OSSL_PARAM_BLD_new") }
        builder = b
    }

    deinit {
        OSSL_PARAM_BLD_free(builder)
        for n in numbers { BN_free(n) }
        for b in buffers {
            OPENSSL_cleanse(b.pointer, b.size)  // copies may hold key material
            free(b.pointer)
        }
    }

    func pushUTF8(_ key: String, _ value: String) throws(CryptoError) {
        let copy = try self.copy(Array(value.utf8) + [0])
        guard OSSL_PARAM_BLD_push_utf8_string(builder, try cName(key), copy.assumingMemoryBound(to: CChar.self), value.utf8.count) == 1 else {
            throw .lastOpenSSL("OSSL_PARAM_BLD_push_utf8_string(\(key))")
        }
    }

    func pushOctets(_ key: String, _ value: [UInt8]) throws(CryptoError) {
        let copy = try self.copy(value)
        guard OSSL_PARAM_BLD_push_octet_string(builder, try cName(key), copy, value.count) == 1 else {
            throw .lastOpenSSL("OSSL_PARAM_BLD_push_octet_string(\(key))")
        }
    }

    /// Pushes an unsigned big-endian integer (e.g. an RSA modulus from a JWK).
    func pushUnsigned(_ key: String, bigEndian value: [UInt8]) throws(CryptoError) {
        guard value.count <= Int(Int32.max),
              let bn = value.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }) else {
            throw .lastOpenSSL("BN_bin2bn")
        }
        numbers.append(bn)
        guard OSSL_PARAM_BLD_push_BN(builder, try cName(key), bn) == 1 else { throw .lastOpenSSL("OSSL_PARAM_BLD_push_BN(\(key))") }
    }

    func build() throws(CryptoError) -> ParamList {
        guard let params = OSSL_PARAM_BLD_to_param(builder) else { throw .lastOpenSSL("OSSL_PARAM_BLD_to_param") }
        return ParamList(params)
    }

    /// A NUL-terminated copy of a parameter name that lives as long as the builder.
    private func cName(_ name: String) throws(CryptoError) -> UnsafeMutablePointer<CChar> {
        try copy(Array(name.utf8) + [0]).assumingMemoryBound(to: CChar.self)
    }

    private func copy(_ bytes: [UInt8]) throws(CryptoError) -> UnsafeMutableRawPointer {
        let size = max(bytes.count, 1)
        guard let p = malloc(size) else { throw .openssl("out of memory") }
        buffers.append((p, size))
        bytes.withUnsafeBytes { if let base = $0.baseAddress { p.copyMemory(from: base, byteCount: $0.count) } }
        return p
    }
}

/// Owns an OSSL_PARAM array made by OSSL_PARAM_BLD_to_param; frees it (cleansing key material) in `deinit`.
final class ParamList {
    let pointer: UnsafeMutablePointer<OSSL_PARAM>
    init(_ pointer: UnsafeMutablePointer<OSSL_PARAM>) { self.pointer = pointer }
    deinit { OSSL_PARAM_free(pointer) }
}
