/// HKDF (RFC 5869) with SHA-256: extract-then-expand over OpenSSL's HMAC.
/// OpenSSL's EVP_KDF "HKDF" computes the same (the RFC 5869 vectors in the tests pass either way) but its
/// provider fetches cost more than the rest of a signed-in CGI request; the two steps below are the RFC's
/// definition, each HMAC computed by OpenSSL. The PRK, every T(i) and the output live in `SecretBytes`,
/// so each is wiped once dropped.
public enum HKDF {
    static let hashLength = 32

    /// Extract-then-expand with SHA-256; `length` at most 255 × 32 bytes (RFC 5869 §2.3).
    public static func sha256(ikm: [UInt8], salt: [UInt8], info: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
        guard length > 0, length <= 255 * hashLength else { throw .invalidInput("HKDF output length") }
        guard !ikm.isEmpty else { throw .invalidInput("HKDF input key material is empty") }
        // §2.2: PRK = HMAC-Hash(salt, IKM); an absent salt is HashLen zeros.
        let prk = SecretBytes(count: hashLength)
        let zeros = [UInt8](repeating: 0, count: hashLength)
        prk.withUnsafeMutableBytes { out in
            (salt.isEmpty ? zeros : salt).withUnsafeBytes { s in ikm.withUnsafeBytes { HMAC.sha256(key: s, message: $0, into: out) } }
        }
        // §2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = first L octets of T(1) | T(2) | …
        // `block` holds T(i-1) | info | i; T(i) is written over its first HashLen bytes.
        let okm = SecretBytes(count: length)
        let block = SecretBytes(count: hashLength + info.count + 1)
        let t = SecretBytes(count: hashLength)
        var previous = 0
        var written = 0
        var counter: UInt8 = 1
        prk.withUnsafeBytes { key in
            block.withUnsafeMutableBytes { input in
                t.withUnsafeMutableBytes { t in
                    okm.withUnsafeMutableBytes { okm in
                        while written < length {
                            let infoStart = input.baseAddress! + previous
                            info.withUnsafeBytes { infoStart.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(infoStart), byteCount: info.count) }
                            input[previous + info.count] = counter
                            HMAC.sha256(key: key, message: UnsafeRawBufferPointer(rebasing: input[0..<(previous + info.count + 1)]),
                                        into: t)
                            UnsafeMutableRawBufferPointer(rebasing: input[0..<hashLength]).copyMemory(from: UnsafeRawBufferPointer(t))
                            previous = hashLength
                            let take = min(hashLength, length - written)
                            UnsafeMutableRawBufferPointer(rebasing: okm[written..<(written + take)])
                                .copyMemory(from: UnsafeRawBufferPointer(rebasing: t[0..<take]))
                            written += take
                            counter &+= 1
                        }
                    }
                }
            }
        }
        return okm
    }
}
