import Crypto
import Testing

@Suite("AES-256-CBC")
struct AES256CBCTests {
    /// NIST SP 800-38A F.2.5 (CBC-AES256.Encrypt), followed by the PKCS#7 padding block.
    static let key = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
    static let iv = hex("000102030405060708090a0b0c0d0e0f")
    static let plaintext = hex("""
        6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51
        30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710
        """)
    static let ciphertext = hex("""
        f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d
        39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b
        3f461796d6b0d6b2e0c2a72b4d80e644
        """)

    @Test("encrypts the SP 800-38A vector and decrypts it back")
    func knownVector() throws {
        #expect(try AES256CBC.encrypt(key: Self.key, iv: Self.iv, plaintext: Self.plaintext) == Self.ciphertext)
        #expect(try AES256CBC.decrypt(key: Self.key, iv: Self.iv, ciphertext: Self.ciphertext) == Self.plaintext)
    }

    @Test("round-trips messages of every length around a block boundary", arguments: [0, 1, 15, 16, 17, 100])
    func roundTrip(_ length: Int) throws {
        let message = [UInt8]((0..<length).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let sealed = try AES256CBC.encrypt(key: Self.key, iv: Self.iv, plaintext: message)
        #expect(sealed.count == (length / 16 + 1) * 16)
        #expect(try AES256CBC.decrypt(key: Self.key, iv: Self.iv, ciphertext: sealed) == message)
    }

    @Test("rejects a wrong key length, a wrong IV length, partial blocks and bad padding")
    func rejects() {
        #expect(throws: CryptoError.self) { try AES256CBC.encrypt(key: [UInt8](repeating: 0, count: 16), iv: Self.iv, plaintext: [1]) }
        #expect(throws: CryptoError.self) { try AES256CBC.encrypt(key: Self.key, iv: [0], plaintext: [1]) }
        #expect(throws: CryptoError.self) { try AES256CBC.decrypt(key: Self.key, iv: Self.iv, ciphertext: Array(Self.ciphertext.dropLast())) }
        #expect(throws: CryptoError.self) { try AES256CBC.decrypt(key: Self.key, iv: Self.iv, ciphertext: []) }
        // The SP 800-38A ciphertext without its padding block ends in a block whose "padding" is not PKCS#7.
        #expect(throws: CryptoError.self) { try AES256CBC.decrypt(key: Self.key, iv: Self.iv, ciphertext: Array(Self.ciphertext.prefix(64))) }
    }
}

@Suite("Random and constant-time compare")
struct RandomAndCompareTests {
    @Test("constantTimeEquals compares contents and lengths")
    func constantTime() {
        #expect(constantTimeEquals([], []))
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([], [0]))
    }

    @Test("SecureRandom returns the requested count of fresh bytes")
    func random() throws {
        let a = try SecureRandom.bytes(32)
        let b = try SecureRandom.bytes(32)
        #expect(a.count == 32 && b.count == 32)
        #expect(a != b)  // a 2^-256 chance of failing
        #expect(try SecureRandom.bytes(0).isEmpty)
    }
}
