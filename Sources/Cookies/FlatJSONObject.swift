/// A strict reader for the one JSON shape a cookie's protected header has (RFC 8259 §4): an object whose
/// members are ASCII strings or integers, nothing nested, no duplicate names (RFC 7515 §4: a JOSE header
/// with duplicate names is refused). Escapes, non-ASCII text, fractions, exponents, `true`, `false`, `null`,
/// arrays and objects are refused: no header this program accepts needs any of them. Reading it this way
/// costs a few thousand instructions where a general JSON decoder costs hundreds of thousands at start-up.
struct FlatJSONObject {
    enum Value: Equatable {
        case string(String)
        case integer(Int64)
    }

    /// The members in the order written.
    let members: [(name: String, value: Value)]

    /// The value named `name`, if present.
    subscript(name: String) -> Value? {
        for member in members where member.name == name { return member.value }
        return nil
    }

    /// Parses `bytes`; nil when they are not exactly such an object (surrounding white space allowed).
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        var reader = Reader(bytes: bytes)
        guard let members = reader.object(), reader.atEnd else { return nil }
        self.members = members
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return i == bytes.count
            }
        }

        mutating func skipSpace() {
            // RFC 8259 §2: ws = space, horizontal tab, line feed, carriage return
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func object() -> [(name: String, value: Value)]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var members: [(name: String, value: Value)] = []
            if take(UInt8(ascii: "}")) { return members }
            repeat {
                guard let name = string(), take(UInt8(ascii: ":")), let value = value() else { return nil }
                guard !members.contains(where: { $0.name == name }) else { return nil }
                members.append((name, value))
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) ? members : nil
        }

        mutating func value() -> Value? {
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") { return string().map(Value.string) }
            return integer().map(Value.integer)
        }

        /// A string of printable ASCII without escapes (RFC 8259 §7 allows more; we need no more).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                    i += 1
                    return text
                }
                guard c >= 0x20, c < 0x7F, c != UInt8(ascii: "\\") else { return nil }
                i += 1
            }
            return nil
        }

        /// `-? (0 | [1-9][0-9]*)` of at most 18 digits (RFC 8259 §6 without fraction or exponent).
        mutating func integer() -> Int64? {
            var negative = false
            if bytes[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            let start = i
            var n: Int64 = 0
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                n = n * 10 + Int64(bytes[i] - UInt8(ascii: "0"))
                i += 1
                guard i - start <= 18 else { return nil }
            }
            let digits = i - start
            guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                return nil
            }
            return negative ? -n : n
        }
    }
}
