import Crypto
import Encoding

/// Seals and opens cookie values as JWE compact serializations (RFC 7516 §7.1) per docs/contract.md "Cookies":
/// `dir` + `A256CBC-HS512`, optional `zip: DEF`, with `kid`, `pur` and `exp` in the authenticated protected header.
public struct CookieVault: Sendable {
    /// Longest JWE accepted or produced (8 chunks of a 4,096-byte `Set-Cookie` line hold more; browsers send less).
    public static let maxJWELength = 16 * 1024
    /// Largest payload, before compression or once inflated.
    public static let maxPayloadLength = 64 * 1024

    let current: CookieKey
    let previous: [CookieKey]

    public init(current: CookieKey, previous: [CookieKey]) {
        self.current = current
        self.previous = previous
    }

    /// JWE compact per docs/contract.md "Cookies"; `pur` and `exp` are protected-header parameters (authenticated as AAD).
    /// The length of the IV `seal` takes (AES block size, RFC 7518 §5.2.2.1).
    public static let ivLength = A256CBCHS512.ivLength

    /// `iv` is 16 fresh random bytes from the caller's random source (RFC 7518 §5.2.2.1: a random IV per seal), so the
    /// vault itself draws no randomness and a seal with a given IV is reproducible in tests.
    public func seal(_ payload: [UInt8], purpose: CookiePurpose, expiresAt: Int64, compress: Bool, iv: [UInt8]) throws(VaultError) -> String {
        guard payload.count <= Self.maxPayloadLength else { throw .tooLarge }
        let header = ProtectedHeader(kid: current.kid, purpose: purpose.rawValue, expiresAt: expiresAt, compressed: compress)
        let encodedHeader = header.encoded
        let plaintext = compress ? try Self.deflate(payload) : payload
        let sealed = try A256CBCHS512.seal(key: current.key, iv: iv, aad: Array(encodedHeader.utf8), plaintext: plaintext)
        // RFC 7516 §7.1: header . encrypted key (empty for dir, RFC 7518 §4.5) . IV . ciphertext . tag
        let jwe = encodedHeader + ".." + Base64.urlEncode(iv) + "." + Base64.urlEncode(sealed.ciphertext) + "." + Base64.urlEncode(sealed.tag)
        guard jwe.utf8.count <= Self.maxJWELength else { throw .tooLarge }
        return jwe
    }

    /// Opens and checks purpose and expiry; `rotated` is true when sealed under a previous key (caller rewrites).
    ///
    /// Order: size, shape, key by `kid`, tag (constant time, before decrypting), then `pur`, `exp`, and inflation.
    public func open(_ jwe: String, purpose: CookiePurpose, now: Int64) throws(VaultError) -> (payload: [UInt8], rotated: Bool) {
        guard jwe.utf8.count <= Self.maxJWELength else { throw .tooLarge }
        var text = jwe
        let opened = text.withUTF8 { bytes in Result { () throws(VaultError) in try open(bytes) } }
        let (header, rotated, plaintext) = try opened.get()
        guard header.purpose == purpose.rawValue else { throw .wrongPurpose }
        guard header.expiresAt > now else { throw .expired }
        let payload = header.compressed ? try Self.inflate(plaintext) : plaintext
        guard payload.count <= Self.maxPayloadLength else { throw .tooLarge }
        return (payload, rotated)
    }

    /// The checked header, whether its key is a previous one, and the authenticated plaintext of `bytes`.
    private func open(_ bytes: UnsafeBufferPointer<UInt8>) throws(VaultError) -> (ProtectedHeader, Bool, [UInt8]) {
        // RFC 7516 §7.1: five base64url parts separated by "."; split on the bytes (the dots are ASCII).
        var dots: [Int] = []
        var from = 0
        while dots.count <= 4 {
            let dot = ByteWords.firstIndex(of: UInt8(ascii: "."), in: bytes, from: from, to: bytes.count)
            guard dot < bytes.count else { break }
            dots.append(dot)
            from = dot + 1
        }
        guard dots.count == 4 else { throw .malformed("not five JWE parts") }
        func part(_ n: Int) -> UnsafeBufferPointer<UInt8> {
            let start = n == 0 ? 0 : dots[n - 1] + 1
            let end = n == 4 ? bytes.count : dots[n]
            return UnsafeBufferPointer(rebasing: bytes[start..<end])
        }
        guard part(1).isEmpty else { throw .malformed("dir has no encrypted key") }
        let header = try ProtectedHeader.parse(part(0))
        let rotated: Bool
        let key: CookieKey
        if header.kid == current.kid {
            (key, rotated) = (current, false)
        } else if let old = previous.first(where: { $0.kid == header.kid }) {
            (key, rotated) = (old, true)
        } else {
            throw .unknownKey
        }
        guard let iv = Base64.urlDecode(part(2)), let ciphertext = Base64.urlDecode(part(3)),
              let tag = Base64.urlDecode(part(4)) else { throw .malformed("part is not base64url") }
        let plaintext = try A256CBCHS512.open(key: key.key, iv: iv, aad: Array(part(0)), ciphertext: ciphertext, tag: tag)
        return (header, rotated, plaintext)
    }

    private static func deflate(_ payload: [UInt8]) throws(VaultError) -> [UInt8] {
        do { return try RawDeflate.compress(payload) } catch { throw .malformed("deflate failed") }
    }

    /// `zip: DEF` with the payload cap: more is a decompression bomb (`.tooLarge`).
    private static func inflate(_ compressed: [UInt8]) throws(VaultError) -> [UInt8] {
        do {
            return try RawDeflate.inflate(compressed, limit: maxPayloadLength)
        } catch .outputTooLarge {
            throw .tooLarge
        } catch {
            throw .malformed("bad or truncated DEFLATE data")
        }
    }
}
