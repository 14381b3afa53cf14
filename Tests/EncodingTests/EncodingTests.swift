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

    @Test("RFC 4648 §10 vectors encode, standard alphabet with padding and URL alphabet without",
          arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func encodeVectors(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.urlEncode(Array(plain.utf8)) == encoded.replacingPadding())
        // Any other sequence of bytes takes the generic entry point, with the same text.
        #expect(Base64.encode(plain.utf8) == encoded)
        #expect(Base64.urlEncode(Array(plain.utf8)[...]) == encoded.replacingPadding())
    }

    @Test("every length from 0 to 64 bytes round-trips, with the length RFC 4648 gives")
    func roundTripLengths() {
        for count in 0...64 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 41) }
            let url = Base64.urlEncode(bytes), standard = Base64.encode(bytes)
            #expect(url.utf8.count == (count * 4 + 2) / 3 && standard.utf8.count == (count + 2) / 3 * 4, "\(count) bytes")
            // decodeLenient refuses an empty secret, so the empty text is left out of its half.
            #expect(Base64.urlDecode(url) == bytes && (count == 0 || Base64.decodeLenient(standard) == bytes), "\(count) bytes")
        }
    }

    @Test("the standard alphabet's last two characters are + and /, the URL alphabet's - and _")
    func alphabets() {
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
        #expect(Base64.urlEncode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
    }

    @Test("lenient decoding takes either alphabet, with or without padding")
    func lenient() {
        #expect(Base64.decodeLenient("+/8=") == [0xfb, 0xff])
        #expect(Base64.decodeLenient("-_8") == [0xfb, 0xff])
        #expect(Base64.decodeLenient("!!") == nil)
    }

    @Test("lenient decoding skips ASCII white space anywhere and ignores the last character's leftover bits")
    func lenientWhiteSpaceAndBits() {
        #expect(Base64.decodeLenient(" Zm9v\r\nYmFy\t") == Array("foobar".utf8))
        #expect(Base64.decodeLenient("QR==") == [0x41])      // leftover bits 0001, as any decoder reads it
        #expect(Base64.decodeLenient("QUJ") == [0x41, 0x42])
        let listed = "QUJD, Zm9v"   // SESSION_SECRET_PREVIOUS's parts are Substrings
        #expect(Base64.decodeLenient(listed.prefix(4)) == Array("ABC".utf8))
        #expect(Base64.decodeLenient(listed.suffix(4) as Substring) == Array("foo".utf8))
        #expect(Base64.decodeLenient(listed.suffix(4).utf8.map { Character(UnicodeScalar($0)) }.map(String.init).joined()) == Array("foo".utf8))
    }

    @Test("lenient decoding refuses what is not base64", arguments: ["", "  ", "====", "Q", "QU=I", "Zm9v\u{A0}", "Zm9v!"])
    func lenientRefusals(_ text: String) {
        #expect(Base64.decodeLenient(text) == nil)
    }
}

extension String {
    /// The URL form of a padded standard encoding of a text without "+" or "/": the padding removed.
    fileprivate func replacingPadding() -> String {
        String(self.prefix { $0 != "=" })
    }
}

@Suite("CivilDate")
struct CivilDateTests {
    @Test("RFC 3339 date-time in UTC", arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"), (1_796_178_019, "2026-12-02T02:20:19Z"), (-1, "1969-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"), (253_402_300_799, "9999-12-31T23:59:59Z"),
        (253_402_300_800, "9999-12-31T23:59:59Z"), (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (-62_135_596_801, "0001-01-01T00:00:00Z"), (-2_208_988_800, "1900-01-01T00:00:00Z"),
    ])
    func iso8601(_ seconds: Int64, _ text: String) {
        #expect(CivilDate.iso8601(seconds) == text)
    }

    @Test("day counts and dates round-trip across eras, leap days included")
    func roundTrip() {
        for days in stride(from: Int64(-800_000), through: 3_000_000, by: 997) {
            let (y, m, d) = CivilDate.date(daysSinceEpoch: days)
            #expect((1...12).contains(m) && (1...31).contains(d))
            #expect(CivilDate.daysSinceEpoch(year: y, month: m, day: d) == days)
        }
        #expect(CivilDate.date(daysSinceEpoch: 11_016) == (2000, 2, 29))
        #expect(CivilDate.date(daysSinceEpoch: -719_468) == (0, 3, 1))
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

    @Test("every ASCII byte is kept when unreserved (RFC 3986 §2.3), else written as %XX in upper-case hex")
    func everyASCIIByte() {
        for value in UInt8(0)...0x7F {
            let text = String(decoding: [0x61, value, 0x62], as: UTF8.self)
            let unreserved = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || (0x30...0x39).contains(value)
                || [0x2D, 0x2E, 0x5F, 0x7E].contains(value)
            let middle = unreserved ? String(UnicodeScalar(value)) : "%" + String(value >> 4, radix: 16, uppercase: true)
                + String(value & 0xF, radix: 16, uppercase: true)
            #expect(Percent.encode(text) == "a" + middle + "b", "byte \(value)")
            #expect(Percent.encode(text.dropFirst()) == middle + "b", "byte \(value) in a Substring")
        }
    }

    @Test("form encoding joins escaped pairs with & and =, empty names and values included")
    func formEncode() {
        #expect(Percent.formEncode([("a b", "é&="), ("", ""), ("x", "~-._")]) == "a%20b=%C3%A9%26%3D&=&x=~-._")
        #expect(Percent.formEncode([]) == "")
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

@Suite("DecimalText")
struct DecimalTextTests {
    @Test("the digits description writes", arguments: [
        Int64.min, Int64.min + 1, -1_000_000_000_000_000_000, -10, -9, -1, 0, 1, 9, 10, 11, 99, 100, 101, 86_400,
        999_999_999_999_999_999, 1_000_000_000_000_000_000, Int64.max,
    ])
    func digits(_ value: Int64) {
        #expect(DecimalText.string(value) == value.description)
        var out = Array("x".utf8)
        DecimalText.append(value, to: &out)
        #expect(out == Array(("x" + value.description).utf8))
    }

    @Test("padded: zeros in front up to the width, never cut", arguments: [
        (Int64(0), 2, "00"), (7, 2, "07"), (10, 2, "10"), (123, 2, "123"), (42, 4, "0042"), (2026, 4, "2026"), (5, 0, "5"),
    ])
    func padded(_ value: Int64, _ width: Int, _ text: String) {
        #expect(DecimalText.padded(value, width: width) == text)
    }
}
