import Crypto
import Testing

@Suite("SHA-2 and HMAC")
struct DigestTests {
    @Test("SHA-2 of \"abc\" matches FIPS 180-4 examples")
    func sha2() {
        #expect(SHA2.sha256(bytes("abc")) == hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(SHA2.sha384(bytes("abc")) == hex("""
            cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7
            """))
        #expect(SHA2.sha512(bytes("abc")) == hex("""
            ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
            2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f
            """))
    }

    @Test("SHA-256 of the empty message")
    func sha256Empty() {
        #expect(SHA2.sha256([]) == hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    }

    struct HMACVector: Sendable, CustomTestStringConvertible {
        let name: String, key: [UInt8], data: [UInt8], sha256: [UInt8], sha512: [UInt8]
        var testDescription: String { name }
    }

    /// RFC 4231 §4.2, §4.3 and §4.7.
    static let rfc4231: [HMACVector] = [
        HMACVector(name: "4.2", key: [UInt8](repeating: 0x0b, count: 20), data: bytes("Hi There"),
                   sha256: hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
                   sha512: hex("""
                   87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde\
                   daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854
                   """)),
        HMACVector(name: "4.3", key: bytes("Jefe"), data: bytes("what do ya want for nothing?"),
                   sha256: hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                   sha512: hex("""
                   164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
                   9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737
                   """)),
        HMACVector(name: "4.7", key: [UInt8](repeating: 0xaa, count: 131),
                   data: bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
                   sha256: hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                   sha512: hex("""
                   80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352\
                   6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598
                   """)),
    ]

    @Test("HMAC matches the RFC 4231 test cases", arguments: rfc4231)
    func hmac(_ v: HMACVector) {
        #expect(HMAC.sha256(key: v.key, message: v.data) == v.sha256)
        #expect(HMAC.sha512(key: v.key, message: v.data) == v.sha512)
    }

    @Test("HMAC with an empty key equals HMAC with a block of zero bytes (RFC 2104 §2)")
    func hmacEmptyKey() {
        #expect(HMAC.sha256(key: [], message: bytes("m")) == HMAC.sha256(key: [UInt8](repeating: 0, count: 64), message: bytes("m")))
        #expect(HMAC.sha256(key: [], message: bytes("m")) != HMAC.sha256(key: [1], message: bytes("m")))
    }
}
