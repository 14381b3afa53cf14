@testable import Cookies
import Crypto
import Encoding
import Testing

@Suite("Cookie key derivation")
struct CookieKeyTests {
    @Test("the key is HKDF-SHA256(secret, empty salt, \"signin.cgi cookie v1\", 64) and kid its SHA-256 prefix")
    func derivation() throws {
        let key = try CookieKey(secret: Fixed.secret)
        let expected = try HKDF.sha256(ikm: Fixed.secret, salt: [], info: Array("signin.cgi cookie v1".utf8), length: 64)
        #expect(key.key.bytes == expected.bytes)
        #expect(key.kid == String(Base64.urlEncode(SHA2.sha256(expected.bytes)).prefix(8)))
    }

    @Test("the kid for the secret 0x00…0x1f is pinned (checked with Python's cryptography HKDF)")
    func pinned() throws {
        let key = try CookieKey(secret: Fixed.secret)
        #expect(key.kid == "bo3IGSsC")
        #expect(key.key.bytes == hex("""
            e985f666eac1535309d4cf886e04245795d4ea389e53ee3f783c9063668f2b14
            4c3e4539dfdcfd12db60fb4343bad483dbf25f2a24811a7b89ddf7419ce8dbbc
            """))
    }

    @Test("secrets shorter than 32 bytes are refused", arguments: [0, 1, 31])
    func short(_ length: Int) {
        #expect(throws: VaultError.badSecret) { try CookieKey(secret: [UInt8](repeating: 9, count: length)) }
    }

    @Test("different secrets give different keys and kids")
    func distinct() {
        #expect(Fixed.key.kid != Fixed.otherKey.kid)
        #expect(Fixed.key.key.bytes != Fixed.otherKey.key.bytes)
    }
}

extension SecretBytes {
    /// A copy of the bytes, for comparing in tests.
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}
