import Encoding
import Foundation
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
private func quoted(_ raw: [UInt8]) -> [UInt8] { [UInt8(ascii: "["), UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\""), UInt8(ascii: "]")] }
private func nested(_ depth: Int) -> [UInt8] { bytes(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) }

/// JSONTestSuite-style rows: `y_` must parse, `n_` must fail, `i_` is implementation-defined and pinned here.
enum JSONRows {
    static let accepted: [(String, [UInt8])] = [
        ("y_array_empty", bytes("[]")),
        ("y_array_empty_string", bytes(#"[""]"#)),
        ("y_array_arrays_with_spaces", bytes("[[]   ]")),
        ("y_array_false", bytes("[false]")),
        ("y_array_heterogeneous", bytes(#"[null, 1, "1", {}]"#)),
        ("y_array_null", bytes("[null]")),
        ("y_array_leading_space", bytes(" [1]")),
        ("y_array_trailing_space", bytes("[2] ")),
        ("y_structure_all_four_whitespace", bytes("\t\n\r [ \t\n\r1\t\n\r, 2 ] \t\n\r")),
        ("y_object_empty", bytes("{}")),
        ("y_object_basic", bytes(#"{"asd":"sdf"}"#)),
        ("y_object_same_value_other_names", bytes(#"{"a":"b","c":"b"}"#)),
        ("y_object_empty_name", bytes(#"{"":0}"#)),
        ("y_object_same_name_in_nested_objects", bytes(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)),
        ("y_object_names_differ_in_case", bytes(#"{"alg":1,"ALG":2,"Alg":3}"#)),
        ("y_object_escaped_nul_in_name", bytes(#"{"foo\u0000bar": 42}"#)),
        ("y_object_whitespace_everywhere", bytes(" { \"a\" : 1 , \"b\" : [ ] } ")),
        ("y_number_0", bytes("[0]")),
        ("y_number_negative_zero", bytes("[-0]")),
        ("y_number_int", bytes("[123]")),
        ("y_number_negative_int", bytes("[-123]")),
        ("y_number_real_exponent", bytes("[1.5e10]")),
        ("y_number_capital_E_plus", bytes("[1E+2]")),
        ("y_number_e_minus", bytes("[1e-2]")),
        ("y_number_0e1", bytes("[0e1]")),
        ("y_number_fraction", bytes("[0.5]")),
        ("y_number_negative_fraction", bytes("[-0.000001]")),
        ("y_number_1e300", bytes("[1e300]")),
        ("y_number_max_double", bytes("[1.7976931348623157e308]")),
        ("y_number_min_subnormal", bytes("[5e-324]")),
        ("y_number_lonely", bytes("42")),
        ("y_string_simple", bytes(#"["asd"]"#)),
        ("y_string_all_short_escapes", bytes(#"["\"\\\/\b\f\n\r\t"]"#)),
        ("y_string_unicode_escape", bytes(#"["\u0041"]"#)),
        ("y_string_surrogate_pair", bytes(#"["\uD83D\uDE00"]"#)),
        ("y_string_surrogate_pair_lowercase", bytes(#"["\ud83d\ude00"]"#)),
        ("y_string_escape_then_raw_utf8", bytes(#"["\n\#u{e9}\u00e9"]"#)),
        ("y_string_utf8_two_bytes", quoted([0xC3, 0xA9])),
        ("y_string_utf8_three_bytes", quoted([0xE2, 0x82, 0xAC])),
        ("y_string_utf8_four_bytes", quoted([0xF0, 0x9F, 0x98, 0x80])),
        ("y_string_utf8_lowest_three_bytes", quoted([0xE0, 0xA0, 0x80])),
        ("y_string_utf8_last_before_surrogates", quoted([0xED, 0x9F, 0xBF])),
        ("y_string_utf8_first_after_surrogates", quoted([0xEE, 0x80, 0x80])),
        ("y_string_utf8_U+10FFFF", quoted([0xF4, 0x8F, 0xBF, 0xBF])),
        ("y_string_utf8_noncharacter_U+FFFF", quoted([0xEF, 0xBF, 0xBF])),
        ("y_string_raw_DEL", quoted([0x7F])),
        ("y_string_raw_U+2028", quoted([0xE2, 0x80, 0xA8])),
        ("y_string_lonely", bytes(#""x""#)),
        ("y_literal_lonely_true", bytes("true")),
        ("y_literal_lonely_null", bytes(" null ")),
        ("y_structure_depth_32", nested(32)),
        ("i_number_underflow_to_zero", bytes("[1e-999]")),
        ("i_number_int_beyond_int64", bytes("[123456789012345678901234567890]")),
        ("i_number_huge_negative_exponent_digits", bytes("[0e999999]")),
        ("i_string_escaped_nul", bytes(#"["\u0000"]"#)),
        ("i_string_escaped_noncharacter", bytes(#"["\uFFFF"]"#)),
    ]

    static let rejected: [(String, [UInt8], JSONError)] = [
        ("n_structure_empty", [], .syntax(offset: 0)),
        ("n_structure_only_whitespace", bytes(" \n"), .syntax(offset: 2)),
        ("n_structure_utf8_bom", [0xEF, 0xBB, 0xBF] + bytes("{}"), .syntax(offset: 0)),
        ("n_structure_utf16le_bom", [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00], .syntax(offset: 0)),
        ("n_structure_two_values", bytes("[] []"), .syntax(offset: 3)),
        ("n_structure_trailing_garbage", bytes("{}x"), .syntax(offset: 2)),
        ("n_structure_trailing_nul", bytes("[]\u{0}"), .syntax(offset: 2)),
        ("n_structure_unclosed_array", bytes("[1"), .syntax(offset: 2)),
        ("n_structure_unclosed_object", bytes(#"{"a":1"#), .syntax(offset: 6)),
        ("n_structure_lonely_open", bytes("["), .syntax(offset: 1)),
        ("n_structure_lonely_close", bytes("]"), .syntax(offset: 0)),
        ("n_structure_mismatched_close", bytes("[1}"), .syntax(offset: 2)),
        ("n_structure_block_comment", bytes("[1]/**/"), .syntax(offset: 3)),
        ("n_structure_line_comment", bytes("[1//x\n]"), .syntax(offset: 2)),
        ("n_structure_formfeed_is_not_whitespace", bytes("[\u{0C}]"), .syntax(offset: 1)),
        ("n_structure_nbsp_is_not_whitespace", bytes("[\u{A0}1]"), .syntax(offset: 1)),
        ("n_structure_vertical_tab", bytes("[\u{0B}1]"), .syntax(offset: 1)),
        ("n_array_trailing_comma", bytes("[1,]"), .syntax(offset: 3)),
        ("n_array_leading_comma", bytes("[,1]"), .syntax(offset: 1)),
        ("n_array_double_comma", bytes("[1,,2]"), .syntax(offset: 3)),
        ("n_array_missing_comma", bytes("[1 2]"), .syntax(offset: 3)),
        ("n_array_colon", bytes(#"["a":1]"#), .syntax(offset: 4)),
        ("n_object_trailing_comma", bytes(#"{"a":1,}"#), .syntax(offset: 7)),
        ("n_object_unquoted_name", bytes("{a:1}"), .syntax(offset: 1)),
        ("n_object_single_quoted_name", bytes("{'a':1}"), .syntax(offset: 1)),
        ("n_object_number_name", bytes("{1:1}"), .syntax(offset: 1)),
        ("n_object_missing_colon", bytes(#"{"a" 1}"#), .syntax(offset: 5)),
        ("n_object_missing_value", bytes(#"{"a":}"#), .syntax(offset: 5)),
        ("n_object_double_colon", bytes(#"{"a"::1}"#), .syntax(offset: 5)),
        ("n_object_missing_comma", bytes(#"{"a":1 "b":2}"#), .syntax(offset: 7)),
        ("n_literal_capitalized", bytes("[True]"), .syntax(offset: 1)),
        ("n_literal_truncated", bytes("[tru]"), .syntax(offset: 4)),
        ("n_literal_truncated_at_end", bytes("[nul"), .syntax(offset: 1)),
        ("n_number_NaN", bytes("[NaN]"), .syntax(offset: 1)),
        ("n_number_Infinity", bytes("[Infinity]"), .syntax(offset: 1)),
        ("n_number_minus_Infinity", bytes("[-Infinity]"), .syntax(offset: 2)),
        ("n_number_plus_sign", bytes("[+1]"), .syntax(offset: 1)),
        ("n_number_leading_zero", bytes("[01]"), .syntax(offset: 2)),
        ("n_number_negative_leading_zero", bytes("[-012]"), .syntax(offset: 3)),
        ("n_number_leading_dot", bytes("[.5]"), .syntax(offset: 1)),
        ("n_number_trailing_dot", bytes("[1.]"), .syntax(offset: 3)),
        ("n_number_dot_exponent", bytes("[1.e1]"), .syntax(offset: 3)),
        ("n_number_empty_exponent", bytes("[1e]"), .syntax(offset: 3)),
        ("n_number_exponent_sign_only", bytes("[1e+]"), .syntax(offset: 4)),
        ("n_number_minus_only", bytes("[-]"), .syntax(offset: 2)),
        ("n_number_minus_space", bytes("[- 1]"), .syntax(offset: 2)),
        ("n_number_hex", bytes("[0x1]"), .syntax(offset: 2)),
        ("n_number_fullwidth_digit", bytes("[\u{FF11}]"), .syntax(offset: 1)),
        ("n_number_huge_exponent", bytes("[1e999999]"), .numberOutOfRange),
        ("n_number_just_above_max_double", bytes("[-1.8e308]"), .numberOutOfRange),
        ("n_string_unterminated", bytes(#"["abc"#), .syntax(offset: 5)),
        ("n_string_single_quotes", bytes("['a']"), .syntax(offset: 1)),
        ("n_string_raw_newline", bytes("[\"a\nb\"]"), .syntax(offset: 3)),
        ("n_string_raw_tab", bytes("[\"a\tb\"]"), .syntax(offset: 3)),
        ("n_string_raw_nul", quoted([0x61, 0x00]), .syntax(offset: 3)),
        ("n_string_raw_control_after_escape", bytes("[\"\\n\u{1F}\"]"), .syntax(offset: 4)),
        ("n_string_unknown_escape", bytes(#"["\x41"]"#), .syntax(offset: 3)),
        ("n_string_escaped_apostrophe", bytes(#"["\'"]"#), .syntax(offset: 3)),
        ("n_string_escaped_raw_newline", bytes("[\"\\\n\"]"), .syntax(offset: 3)),
        ("n_string_short_unicode_escape", bytes(#"["\u12"]"#), .syntax(offset: 6)),
        ("n_string_unicode_escape_not_hex", bytes(#"["\uGGGG"]"#), .syntax(offset: 4)),
        ("n_string_backslash_at_end", bytes(#"["\"#), .syntax(offset: 3)),
        ("n_string_lone_high_surrogate", bytes(#"["\uD800"]"#), .loneSurrogate),
        ("n_string_lone_low_surrogate", bytes(#"["\uDC00"]"#), .loneSurrogate),
        ("n_string_two_high_surrogates", bytes(#"["\uD800\uD800"]"#), .loneSurrogate),
        ("n_string_high_surrogate_then_letter", bytes(#"["\uD800a"]"#), .loneSurrogate),
        ("n_string_high_surrogate_then_escape", bytes(#"["\uD800\n"]"#), .loneSurrogate),
        ("n_string_reversed_pair", bytes(#"["\uDE00\uD83D"]"#), .loneSurrogate),
        ("n_string_high_surrogate_bad_low_hex", bytes(#"["\uD800\uZZZZ"]"#), .syntax(offset: 10)),
        ("n_utf8_lone_continuation", quoted([0x80]), .invalidUTF8),
        ("n_utf8_overlong_C0", quoted([0xC0, 0xAF]), .invalidUTF8),
        ("n_utf8_overlong_C1", quoted([0xC1, 0xBF]), .invalidUTF8),
        ("n_utf8_overlong_three_bytes", quoted([0xE0, 0x80, 0xAF]), .invalidUTF8),
        ("n_utf8_overlong_four_bytes", quoted([0xF0, 0x80, 0x80, 0xAF]), .invalidUTF8),
        ("n_utf8_encoded_high_surrogate", quoted([0xED, 0xA0, 0x80]), .invalidUTF8),
        ("n_utf8_encoded_low_surrogate", quoted([0xED, 0xBF, 0xBF]), .invalidUTF8),
        ("n_utf8_encoded_surrogate_pair_CESU", quoted([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]), .invalidUTF8),
        ("n_utf8_above_U+10FFFF", quoted([0xF4, 0x90, 0x80, 0x80]), .invalidUTF8),
        ("n_utf8_F5", quoted([0xF5, 0x80, 0x80, 0x80]), .invalidUTF8),
        ("n_utf8_FF", quoted([0xFF]), .invalidUTF8),
        ("n_utf8_truncated_before_quote", quoted([0xE2, 0x82]), .invalidUTF8),
        ("n_utf8_truncated_at_end", bytes(#"[""#) + [0xE2, 0x82], .invalidUTF8),
        ("n_utf8_after_escape", bytes(#"["\n"#) + [0xC3, 0x28] + bytes(#""]"#), .invalidUTF8),
        ("n_utf8_in_member_name", bytes(#"{""#) + [0xFF] + bytes(#"":1}"#), .invalidUTF8),
        ("n_utf8_outside_string", [0x5B, 0xC3, 0xA9, 0x5D], .syntax(offset: 1)),
        ("n_duplicate_member", bytes(#"{"sub":"a","sub":"b"}"#), .duplicateMember),
        ("n_duplicate_member_same_value", bytes(#"{"a":1,"a":1}"#), .duplicateMember),
        ("n_duplicate_member_not_adjacent", bytes(#"{"alg":"RS256","kid":"k","alg":"none"}"#), .duplicateMember),
        ("n_duplicate_member_escaped", bytes(#"{"a":1,"\u0061":2}"#), .duplicateMember),
        ("n_duplicate_member_partly_escaped", bytes(#"{"\u0061lg":"none","alg":"RS256"}"#), .duplicateMember),
        ("n_duplicate_member_escaped_slash", bytes(#"{"a/b":1,"a\/b":2}"#), .duplicateMember),
        ("n_duplicate_member_surrogate_pair", bytes(#"{"\#u{1F600}":1,"\ud83d\ude00":2}"#), .duplicateMember),
        ("n_duplicate_member_empty_name", bytes(#"{"":1,"":2}"#), .duplicateMember),
        ("n_duplicate_member_nested_object", bytes(#"{"x":{"a":1,"a":2}}"#), .duplicateMember),
        ("n_duplicate_member_in_array", bytes(#"[{"a":1},{"a":1,"a":2}]"#), .duplicateMember),
        ("i_duplicate_member_canonically_equivalent", bytes(#"{"K":1,"\u212A":2}"#), .duplicateMember),
        ("n_depth_33_arrays", nested(33), .tooDeep),
        ("n_depth_33_objects", bytes(String(repeating: #"{"a":"#, count: 33) + "1" + String(repeating: "}", count: 33)), .tooDeep),
        ("n_depth_100000_open_brackets", bytes(String(repeating: "[", count: 100_000)), .tooDeep),
        ("n_depth_100000_balanced", nested(100_000), .tooDeep),
    ]
}

@Suite("Strict JSON reader")
struct JSONReaderTests {
    @Test("accepted texts parse", arguments: JSONRows.accepted)
    func accepts(_ name: String, _ text: [UInt8]) {
        #expect(throws: Never.self, "\(name)") { _ = try JSONValue.parse(text) }
    }

    @Test("rejected texts fail with the expected error", arguments: JSONRows.rejected)
    func rejects(_ name: String, _ text: [UInt8], _ expected: JSONError) {
        #expect(throws: expected, "\(name)") { _ = try JSONValue.parse(text) }
    }

    @Test("escapes, surrogate pairs and raw UTF-8 decode to the right scalars")
    func stringValues() throws {
        #expect(try JSONValue.parse(bytes(#""\"\\\/\b\f\n\r\t""#)) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try JSONValue.parse(bytes(#""\u0041\u00e9\u20AC\uD83D\uDE00""#)) == .string("Aé€😀"))
        #expect(try JSONValue.parse(bytes(#""a\u0000b""#)).stringValue?.unicodeScalars.map(\.value) == [0x61, 0, 0x62])
        #expect(try JSONValue.parse(bytes("\"é€😀\u{10FFFF}\"")) == .string("é€😀\u{10FFFF}"))
        #expect(try JSONValue.parse(bytes(#"{"\u0061lg":"RS256"}"#))["alg"] == .string("RS256"))
    }

    @Test("every byte at every place of a long ASCII run: the word-at-a-time scan stops where the byte loop would")
    func everyByteInRun() throws {
        let run = Array("ABCDEFGHIJKLMNOPQRSTUVWX".utf8)   // no letter of an escape
        for byte in UInt8.min...UInt8.max {
            for place in 0..<20 {
                var text = [UInt8(ascii: "\"")] + run + [UInt8(ascii: "\"")]
                text[1 + place] = byte
                let expected: JSONError?
                switch byte {
                case UInt8(ascii: "\""): expected = .syntax(offset: 2 + place)   // the string ends early, the rest is garbage
                case UInt8(ascii: "\\"): expected = .syntax(offset: 2 + place)  // "\" + a letter is no escape
                case 0..<0x20: expected = .syntax(offset: 1 + place)
                case 0x80...: expected = .invalidUTF8                           // a lone lead or continuation byte
                default: expected = nil
                }
                if let expected {
                    #expect(throws: expected, "byte \(byte) at \(place)") { _ = try JSONValue.parse(text) }
                } else {
                    #expect(try JSONValue.parse(text) == .string(String(decoding: text.dropFirst().dropLast(), as: UTF8.self)))
                }
            }
        }
    }

    @Test("objects past the up-front room, and wider than it, read every member and still refuse duplicates")
    func manyObjects() throws {
        func object(_ count: Int, duplicate: Bool = false) -> String {
            "{" + (0..<count).map { "\"m\($0)\":\($0)" }.joined(separator: ",") + (duplicate ? #","m0":0"# : "") + "}"
        }
        let sizes = [30, 1, 24, 25, 3, 40]
        let text = "[" + sizes.map { object($0) }.joined(separator: ",") + "]"
        guard case .array(let objects) = try JSONValue.parse(bytes(text)) else { Issue.record("not an array"); return }
        #expect(objects.count == sizes.count)
        for (value, size) in zip(objects, sizes) {
            guard case .object(let members) = value else { Issue.record("not an object"); continue }
            #expect(members.count == size)
            #expect(members["m\(size - 1)"] == .number(Double(size - 1)))
        }
        for late in 0..<sizes.count {
            let withDuplicate = "[" + sizes.enumerated().map { object($1, duplicate: $0 == late) }.joined(separator: ",") + "]"
            #expect(throws: JSONError.duplicateMember, "object \(late)") { _ = try JSONValue.parse(bytes(withDuplicate)) }
        }
    }

    @Test("numbers read as the nearest Double")
    func numberValues() throws {
        func number(_ text: String) throws -> Double? { try JSONValue.parse(bytes(text)).doubleValue }
        #expect(try number("0") == 0)
        #expect(try number("-0")?.sign == .minus)
        #expect(try number("123456789012345") == 123456789012345)
        #expect(try number("-9007199254740993") == -9007199254740992)
        #expect(try number("1.5e3") == 1500)
        #expect(try number("1E-2") == 0.01)
        #expect(try number("0.1") == 0.1)
        #expect(try number("1e300") == 1e300)
        #expect(try number("1e-999") == 0)
        #expect(try number("1.7976931348623157e308") == .greatestFiniteMagnitude)
    }

    @Test("int64Value is nil unless the number is whole and below 2^53",
          arguments: ["1e300", "-1e300", "1.5", "1e16", "9007199254740992", "9007199254740993", "-9007199254740992",
                      "123456789012345678901234567890", "\"5\"", "true", "null"])
    func noInt64(_ text: String) throws {
        #expect(try JSONValue.parse(bytes(text)).int64Value == nil)
    }

    @Test("int64Value is exact for whole numbers below 2^53")
    func int64() throws {
        #expect(try JSONValue.parse(bytes("9007199254740991")).int64Value == 9_007_199_254_740_991)
        #expect(try JSONValue.parse(bytes("-9007199254740991")).int64Value == -9_007_199_254_740_991)
        #expect(try JSONValue.parse(bytes("1700000000")).int64Value == 1_700_000_000)
        #expect(try JSONValue.parse(bytes("1.7e9")).int64Value == 1_700_000_000)
        #expect(try JSONValue.parse(bytes("-0")).int64Value == 0)
    }

    @Test("limits: bytes, depth and value count")
    func limits() throws {
        #expect(throws: JSONError.tooLarge) { try JSONValue.parse(bytes("[1]"), maxBytes: 2) }
        #expect(throws: Never.self) { try JSONValue.parse(bytes("[1]"), maxBytes: 3) }
        #expect(throws: JSONError.tooLarge) { try JSONValue.parseObject(bytes("{}")[...], maxBytes: 1) }
        #expect(throws: JSONError.tooDeep) { try JSONValue.parse(nested(3), limits: JSONLimits(maxDepth: 2)) }
        #expect(throws: Never.self) { try JSONValue.parse(nested(2), limits: JSONLimits(maxDepth: 2)) }
        #expect(throws: JSONError.tooManyValues) { try JSONValue.parse(bytes("[1,2,3]"), limits: JSONLimits(maxValues: 3)) }
        #expect(throws: Never.self) { try JSONValue.parse(bytes("[1,2,3]"), limits: JSONLimits(maxValues: 4)) }
        let wide = bytes("[" + Array(repeating: "0", count: 200_000).joined(separator: ",") + "]")
        #expect(throws: Never.self) { try JSONValue.parse(wide) }
        #expect(throws: JSONError.tooManyValues) { try JSONValue.parse(wide, limits: JSONLimits(maxValues: 100_000)) }
    }

    @Test("parseObject refuses any other value, and other collections parse like arrays")
    func entryPoints() throws {
        #expect(throws: JSONError.notAnObject) { try JSONValue.parseObject(bytes("[1]")) }
        #expect(try JSONValue.parseObject(bytes(#"{"a":1}"#)) == ["a": .number(1)])
        #expect(try JSONValue.parseObject(Data(#"{"a":1}"#.utf8)) == ["a": .number(1)])
        #expect(throws: JSONError.duplicateMember) { try JSONValue.parseObject(Data(#"{"a":1,"a":2}"#.utf8)) }
        let text = bytes(#"{"a":[true,null]}"#)
        #expect(try text.withUnsafeBufferPointer { try JSONValue.parse($0) } == .object(["a": .array([.bool(true), .null])]))
    }
}

@Suite("JSON serialization")
struct JSONWriterTests {
    static let samples: [JSONValue] = [
        .null, .bool(true), .bool(false), .number(0), .number(-0.0), .number(42), .number(-7), .number(1.5), .number(1e300),
        .number(1e16), .number(2e15), .number(1e-5), .number(0.1), .number(-123456789012.5), .number(.leastNonzeroMagnitude),
        .number(.greatestFiniteMagnitude), .string(""), .string("a/b \"q\" \\ é€😀\u{7F}\u{2028}\u{10FFFF}"),
        .string(String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)),
        .array([]), .object([:]), .array([.array([]), .object([:])]),
        .object(["b": .number(1), "a10": .number(2), "a9": .null, "B": .bool(true), "": .string("x"), "é": .array([.number(3)]),
                 "nested": .object(["z": .array([.string("y"), .object([:])]), "k": .string("\n")])]),
    ]

    @Test("output is byte for byte what JSONEncoder writes with sorted keys and unescaped slashes", arguments: samples)
    func matchesFoundation(_ value: JSONValue) throws {
        for pretty in [false, true] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
            let reference = try [UInt8](encoder.encode(value))
            #expect(value.serialized(pretty: pretty) == reference, "\(String(decoding: value.serialized(pretty: pretty), as: UTF8.self))")
        }
    }

    @Test("serialized text reads back as the same value", arguments: samples)
    func roundTrip(_ value: JSONValue) throws {
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(try JSONValue.parse(value.serialized(pretty: true)) == value)
    }

    @Test("accepted texts survive parse → serialize → parse", arguments: JSONRows.accepted)
    func reparse(_ name: String, _ text: [UInt8]) throws {
        let value = try JSONValue.parse(text)
        #expect(try JSONValue.parse(value.serialized()) == value, "\(name)")
    }

    @Test("NaN and infinities cannot be written: the whole text is null, as JSONEncoder refused it before")
    func nonFinite() {
        #expect(JSONValue.array([.number(1), .number(.infinity)]).serialized() == bytes("null"))
        #expect(JSONValue.object(["a": .number(.nan)]).serialized(pretty: true) == bytes("null"))
    }

    @Test("serialize(appendingTo:) appends exactly what serialized() returns, after what the buffer held", arguments: samples)
    func appending(_ value: JSONValue) {
        var out = bytes("prefix")
        value.serialize(appendingTo: &out)
        #expect(out == bytes("prefix") + value.serialized())
    }

    @Test("a value JSON cannot express appends null and keeps what the buffer held")
    func appendingNonFinite() {
        var out = bytes("[")
        JSONValue.object(["a": .string("x"), "b": .number(.nan)]).serialize(appendingTo: &out)
        #expect(out == bytes("[null"))
    }

    @Test("whole numbers are written as their decimal description", arguments: [
        Int64(0), 1, -1, 9, 10, -10, 99, 100, 1_000_000_007, -123_456_789_012, 9_007_199_254_740_991, -9_007_199_254_740_991,
    ])
    func wholeNumbers(_ n: Int64) {
        #expect(JSONValue.number(Double(n)).serialized() == Array(n.description.utf8))
    }

    @Test("canonical compact form")
    func canonical() throws {
        let text = bytes(#" { "b" : [ 1.0 , -0 , 1E2 , "\u00e9\/" ] , "a" : { } } "#)
        #expect(try JSONValue.parse(text).serialized() == bytes(#"{"a":{},"b":[1,0,100,"é/"]}"#))
    }
}
