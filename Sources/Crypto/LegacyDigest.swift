internal import COpenSSL

/// OpenSSL's own SHA-2 implementations, duplicated so that EVP runs them directly.
/// OpenSSL 3.0 answers the first provider fetch of a digest by filling its name map and building its whole
/// digest table (several million instructions, most of a CGI request's cost); a duplicated method is
/// "legacy" to EVP and skips that fetch, with the same code computing the hash. OpenSSL 3.0's built-in
/// legacy tables leave the per-context state size at zero, so it is set here to the algorithm's context
/// size. Nil (never seen) falls back to the provider fetch. The tests pin FIPS 180-4, RFC 4231 and RFC 5869 vectors.
enum LegacyDigest {
    nonisolated(unsafe) static let sha256: OpaquePointer? = duplicate(EVP_sha256(), stateSize: MemoryLayout<SHA256_CTX>.size)
    nonisolated(unsafe) static let sha384: OpaquePointer? = duplicate(EVP_sha384(), stateSize: MemoryLayout<SHA512_CTX>.size)
    nonisolated(unsafe) static let sha512: OpaquePointer? = duplicate(EVP_sha512(), stateSize: MemoryLayout<SHA512_CTX>.size)

    private static func duplicate(_ md: OpaquePointer?, stateSize: Int) -> OpaquePointer? {
        guard let md, let copy = EVP_MD_meth_dup(md) else { return nil }
        guard EVP_MD_meth_set_app_datasize(copy, Int32(stateSize)) == 1 else {
            EVP_MD_meth_free(copy)
            return nil
        }
        return copy
    }
}
