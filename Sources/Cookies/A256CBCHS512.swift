import Crypto

/// AES_256_CBC_HMAC_SHA_512 authenticated encryption (RFC 7518 §5.2.2, §5.2.5), built from OpenSSL's AES-256-CBC and HMAC.
enum A256CBCHS512 {
    static let keyLength = 64
    static let ivLength = 16
    static let tagLength = 32

    /// RFC 7518 §5.2.2.1: encrypt with ENC_KEY, then MAC AAD || IV || ciphertext || AL with MAC_KEY; T = first 32 bytes.
    static func seal(key: SecretBytes, iv: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws(VaultError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard key.count == keyLength else { throw .malformed("key must be 64 bytes") }
        guard iv.count == ivLength else { throw .malformed("IV must be 16 bytes") }
        let ciphertext: [UInt8]
        do {
            ciphertext = try key.withUnsafeBytes { (k) throws(CryptoError) in
                try AES256CBC.encrypt(key: encryptionKey(k), iv: iv, plaintext: plaintext)
            }
        } catch {
            throw .malformed("encryption failed: \(error)")
        }
        return (ciphertext, tag(key: key, aad: aad, iv: iv, ciphertext: ciphertext))
    }

    /// RFC 7518 §5.2.2.2: the tag is checked in constant time before anything is decrypted.
    static func open(key: SecretBytes, iv: [UInt8], aad: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws(VaultError) -> [UInt8] {
        guard key.count == keyLength else { throw .malformed("key must be 64 bytes") }
        guard iv.count == ivLength, tag.count == tagLength, !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { throw .badTag }
        guard constantTimeEquals(self.tag(key: key, aad: aad, iv: iv, ciphertext: ciphertext), tag) else { throw .badTag }
        do {
            return try key.withUnsafeBytes { (k) throws(CryptoError) in
                try AES256CBC.decrypt(key: encryptionKey(k), iv: iv, ciphertext: ciphertext)
            }
        } catch {
            throw .malformed("authenticated ciphertext did not decrypt")  // only a sealer holding our key can get here
        }
    }

    /// MAC_KEY is the first 32 bytes of the key, ENC_KEY the last 32 (RFC 7518 §5.2.2.1); both read in place.
    private static func encryptionKey(_ key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: key[32..<64])
    }

    private static func tag(key: SecretBytes, aad: [UInt8], iv: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        let bits = UInt64(aad.count) * 8
        let al = (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }  // 64-bit big-endian AAD length
        let message = aad + iv + ciphertext + al
        let mac = key.withUnsafeBytes { k in
            message.withUnsafeBytes { HMAC.sha512(key: UnsafeRawBufferPointer(rebasing: k[0..<32]), message: $0) }
        }
        return Array(mac.prefix(tagLength))
    }
}
