@testable import Cookies
import Crypto
import Testing

/// RFC 7518 Appendix B.3: the AES_256_CBC_HMAC_SHA_512 test case.
@Suite("A256CBC-HS512")
struct A256CBCHS512Tests {
    static let key: [UInt8] = Array(0x00...0x3f)
    static let plaintext = Array("""
        A cipher system must not be required to be secret, and it must be able to fall into the hands of the enemy \
        without inconvenience
        """.utf8)
    static let iv = hex("1a f3 8c 2d c2 b9 6f fd d8 66 94 09 23 41 bc 04")
    static let aad = Array("The second principle of Auguste Kerckhoffs".utf8)
    static let ciphertext = hex("""
        4a ff aa ad b7 8c 31 c5 da 4b 1b 59 0d 10 ff bd 3d d8 d5 d3 02 42 35 26 91 2d a0 37 ec bc c7 bd
        82 2c 30 1d d6 7c 37 3b cc b5 84 ad 3e 92 79 c2 e6 d1 2a 13 74 b7 7f 07 75 53 df 82 94 10 44 6b
        36 eb d9 70 66 29 6a e6 42 7e a7 5c 2e 08 46 a1 1a 09 cc f5 37 0d c8 0b fe cb ad 28 c7 3f 09 b3
        a3 b7 5e 66 2a 25 94 41 0a e4 96 b2 e2 e6 60 9e 31 e6 e0 2c c8 37 f0 53 d2 1f 37 ff 4f 51 95 0b
        be 26 38 d0 9d d7 a4 93 09 30 80 6d 07 03 b1 f6
        """)
    static let tag = hex("4d d3 b4 c0 88 a7 f4 5c 21 68 39 64 5b 20 12 bf 2e 62 69 a8 c5 6a 81 6d bc 1b 26 77 61 95 5b c5")

    @Test("seal produces the RFC 7518 B.3 ciphertext and tag")
    func seal() throws {
        #expect(Self.ciphertext.count == 144 && Self.tag.count == 32)
        let sealed = try A256CBCHS512.seal(key: SecretBytes(Self.key), iv: Self.iv, aad: Self.aad, plaintext: Self.plaintext)
        #expect(sealed.ciphertext == Self.ciphertext)
        #expect(sealed.tag == Self.tag)
    }

    @Test("open recovers the RFC 7518 B.3 plaintext")
    func open() throws {
        #expect(try A256CBCHS512.open(key: SecretBytes(Self.key), iv: Self.iv, aad: Self.aad, ciphertext: Self.ciphertext, tag: Self.tag) == Self.plaintext)
    }

    @Test("any change to key, IV, AAD, ciphertext or tag fails the tag check", arguments: 0..<5)
    func tamper(_ which: Int) {
        var key = Self.key, iv = Self.iv, aad = Self.aad, ciphertext = Self.ciphertext, tag = Self.tag
        switch which {
        case 0: key[0] ^= 1  // MAC_KEY half
        case 1: iv[15] ^= 1
        case 2: aad.append(0)
        case 3: ciphertext[143] ^= 1
        default: tag[31] ^= 1
        }
        #expect(throws: VaultError.badTag) { try A256CBCHS512.open(key: SecretBytes(key), iv: iv, aad: aad, ciphertext: ciphertext, tag: tag) }
    }

    @Test("a tag of the wrong length or a ciphertext of partial blocks is refused")
    func shapes() {
        #expect(throws: VaultError.badTag) {
            try A256CBCHS512.open(key: SecretBytes(Self.key), iv: Self.iv, aad: Self.aad, ciphertext: Self.ciphertext, tag: Array(Self.tag.prefix(16)))
        }
        #expect(throws: VaultError.badTag) {
            try A256CBCHS512.open(key: SecretBytes(Self.key), iv: Self.iv, aad: Self.aad, ciphertext: Array(Self.ciphertext.dropLast()), tag: Self.tag)
        }
    }
}
