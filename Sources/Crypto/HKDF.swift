/// HKDF (RFC 5869) with SHA-256: extract-then-expand over OpenSSL's HMAC.
/// OpenSSL's EVP_KDF "HKDF" computes the same (the RFC 5869 vectors in the tests pass either way) but its
/// provider fetches cost more than the rest of a signed-in CGI request; the two steps below are the RFC's
/// definition, each HMAC computed by OpenSSL.
public enum HKDF {
    static let hashLength = 32

    /// Extract-then-expand with SHA-256; `length` at most 255 × 32 bytes (RFC 5869 §2.3).
    public static func sha256(ikm: [UInt8], salt: [UInt8], info: [UInt8], length: Int) throws(CryptoError) -> [UInt8] {
        guard length > 0, length <= 255 * hashLength else { throw .invalidInput("HKDF output length") }
        guard !ikm.isEmpty else { throw .invalidInput("HKDF input key material is empty") }
        // §2.2: PRK = HMAC-Hash(salt, IKM); an absent salt is HashLen zeros.
        let prk = HMAC.sha256(key: salt.isEmpty ? [UInt8](repeating: 0, count: hashLength) : salt, message: ikm)
        // §2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = first L octets of T(1) | T(2) | …
        var okm: [UInt8] = []
        okm.reserveCapacity(length + hashLength)
        var previous: [UInt8] = []
        var counter: UInt8 = 1
        while okm.count < length {
            previous = HMAC.sha256(key: prk, message: previous + info + [counter])
            okm += previous
            counter &+= 1
        }
        return Array(okm.prefix(length))
    }
}
