import Crypto
import Testing

struct HKDFVector: Sendable, CustomTestStringConvertible {
    let name: String, ikm: [UInt8], salt: [UInt8], info: [UInt8], okm: [UInt8]
    var testDescription: String { name }
}

/// RFC 5869 Appendix A, test cases 1–3 (SHA-256).
let rfc5869: [HKDFVector] = [
    HKDFVector(name: "A.1 basic", ikm: [UInt8](repeating: 0x0b, count: 22), salt: hex("000102030405060708090a0b0c"),
               info: hex("f0f1f2f3f4f5f6f7f8f9"),
               okm: hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")),
    HKDFVector(name: "A.2 longer inputs", ikm: Array(0x00...0x4f), salt: Array(0x60...0xaf), info: Array(0xb0...0xff),
               okm: hex("""
               b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09
               da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87
               """)),
    HKDFVector(name: "A.3 empty salt and info", ikm: [UInt8](repeating: 0x0b, count: 22), salt: [], info: [],
               okm: hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")),
]

@Suite("HKDF-SHA256")
struct HKDFTests {
    @Test("matches the RFC 5869 test vectors", arguments: rfc5869)
    func vector(_ v: HKDFVector) throws {
        let okm = try HKDF.sha256(ikm: v.ikm, salt: v.salt, info: v.info, length: v.okm.count)
        #expect(okm.withUnsafeBytes { Array($0) } == v.okm)
    }

    @Test("lengths that end inside a block and span many blocks agree with the one-block prefix", arguments: [1, 31, 33, 100, 255 * 32])
    func lengths(_ length: Int) throws {
        let long = try HKDF.sha256(ikm: [7, 7, 7], salt: [1], info: [2], length: 255 * 32).withUnsafeBytes { Array($0) }
        let okm = try HKDF.sha256(ikm: [7, 7, 7], salt: [1], info: [2], length: length)
        #expect(okm.count == length)
        #expect(okm.withUnsafeBytes { Array($0) } == Array(long.prefix(length)))
    }

    @Test("refuses an output length of zero or beyond 255 hash lengths", arguments: [0, 255 * 32 + 1])
    func badLength(_ length: Int) {
        #expect(throws: CryptoError.self) { try HKDF.sha256(ikm: [1], salt: [], info: [], length: length) }
    }
}
