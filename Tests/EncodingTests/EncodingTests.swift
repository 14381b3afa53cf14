import Encoding
import Foundation
import Testing

@Suite("Base64")
struct Base64Tests {
    @Test("base64url round-trips every length and matches Foundation's alphabet-swapped output")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64.urlEncode(bytes)
            let reference = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(encoded == reference)
            #expect(Base64.urlDecode(encoded) == bytes)
        }
    }

    @Test("base64url decoding rejects other alphabets, padding, bad lengths and non-canonical forms",
          arguments: ["AB", "A", "AAAAA", "ab+c", "ab/c", "abc=", "ab c", "QQ==", "QR", "QUJ", "é"])
    func rejects(_ text: String) {
        #expect(Base64.urlDecode(text) == nil)
    }

    @Test("base64url decoding takes exactly the 64 characters of RFC 4648 §5 Table 2, at every position")
    func everyByte() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for byte in UInt8.min...UInt8.max {
            let value = alphabet.firstIndex(of: byte)
            for position in 0..<4 {
                var text = Array("AAAA".utf8)
                text[position] = byte
                let expected: [UInt8]? = value.map { v in
                    let n = UInt32(v) << (18 - 6 * UInt32(position))
                    return [UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
                }
                #expect(Base64.urlDecode(text) == expected, "byte \(byte) at \(position)")
            }
            // The short tails: "AAAAA?" and "AAAAAA?" fail on a non-alphabet byte too.
            #expect((Base64.urlDecode(Array("AAAAA".utf8) + [byte]) != nil) == (value.map { $0 & 0xF == 0 } ?? false))
            #expect((Base64.urlDecode(Array("AAAAAA".utf8) + [byte]) != nil) == (value.map { $0 & 0x3 == 0 } ?? false))
        }
    }

    @Test("RFC 4648 §10 vectors decode")
    func vectors() {
        #expect(Base64.urlDecode("Zm9vYmFy") == Array("foobar".utf8))
        #expect(Base64.urlDecode("Zm9vYg") == Array("foob".utf8))
        #expect(Base64.urlDecode("") == [])
    }

    @Test("lenient decoding takes either alphabet, with or without padding")
    func lenient() {
        #expect(Base64.decodeLenient("+/8=") == [0xfb, 0xff])
        #expect(Base64.decodeLenient("-_8") == [0xfb, 0xff])
        #expect(Base64.decodeLenient("!!") == nil)
    }
}

@Suite("JSONValue")
struct JSONValueTests {
    @Test("numbers that are not exact whole Int64 values have no int64Value", arguments: ["1e300", "1.5", "-1e300", "1e16", "\"5\""])
    func oddNumbers(_ text: String) throws {
        let v = try JSONValue.parse(Array("{\"n\":\(text)}".utf8))
        #expect(v["n"]?.int64Value == nil)
    }

    @Test("malformed, oversized and non-object texts are refused")
    func refusals() {
        #expect(throws: JSONError.syntax(offset: 1)) { try JSONValue.parse(Array("{".utf8)) }
        #expect(throws: JSONError.tooLarge) { try JSONValue.parse(Array("[1]".utf8), maxBytes: 2) }
        #expect(throws: JSONError.notAnObject) { try JSONValue.parseObject(Array("[1]".utf8)) }
    }

    @Test("aud is a string or an array of strings")
    func stringArrays() throws {
        #expect(JSONValue.string("a").stringArrayValue == ["a"])
        #expect(JSONValue.array([.string("a"), .string("b")]).stringArrayValue == ["a", "b"])
        #expect(JSONValue.array([.string("a"), .number(1)]).stringArrayValue == nil)
    }
}

@Suite("Percent-encoding")
struct PercentTests {
    @Test("encodes everything but unreserved characters, and decodes back")
    func roundTrip() {
        let text = "a b&c=d/é?#%+"
        let encoded = Percent.encode(text)
        #expect(encoded == "a%20b%26c%3Dd%2F%C3%A9%3F%23%25%2B")
        #expect(Percent.decode(encoded) == text)
    }

    @Test("form decoding takes + as space and refuses malformed escapes")
    func form() {
        #expect(Percent.formDecode("a=1+2&b=%26&c")?.map { "\($0.0)=\($0.1)" } == ["a=1 2", "b=&", "c="])
        #expect(Percent.formDecode("a=%zz") == nil)
        #expect(Percent.formDecode("a=%c3") == nil)
    }
}

@Suite("ByteWords")
struct ByteWordsTests {
    @Test("firstIndex finds what a byte-by-byte search finds, for every byte at every place and every bound",
          arguments: [UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: "="), 0x00, 0x7F, 0x80, 0xFF])
    func firstIndex(_ target: UInt8) {
        for byte in UInt8.min...UInt8.max {
            for place in 0..<20 {
                var text = [UInt8](repeating: 0x41, count: 24)
                text[place] = byte
                text.withUnsafeBufferPointer { buffer in
                    for from in [0, 1, place, min(place + 1, 24)] {
                        for to in [24, 17, 9, place] where to >= from {
                            let naive = (from..<to).first { buffer[$0] == target } ?? to
                            #expect(ByteWords.firstIndex(of: target, in: buffer, from: from, to: to) == naive,
                                    "byte \(byte) at \(place) in \(from)..<\(to)")
                        }
                    }
                }
            }
        }
    }

    @Test("an empty buffer has no index but its end")
    func empty() {
        #expect(ByteWords.firstIndex(of: 0, in: UnsafeBufferPointer(start: nil, count: 0), from: 0, to: 0) == 0)
    }
}
