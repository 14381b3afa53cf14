/// Strict RFC 8259 reader over UTF-8 bytes: exactly one value, no extensions, well-formed UTF-8 only, and no
/// object naming a member twice (RFC 7515 §4, RFC 7519 §4: a JOSE header or claims set with one is refused).
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: JSONLimits
    private var i = 0
    private var depth = 0
    private var values = 0
    /// Unescaped bytes of the string being read, reused from string to string.
    private var scratch: [UInt8] = []
    /// Member slots objects may still reserve up front (`object()`): three objects of 24 per text.
    private var reservable = 72

    private init(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The one value of `bytes`, with only whitespace (RFC 8259 §2) around it.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) throws(JSONError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge }
        var reader = JSONReader(bytes, limits: limits)
        reader.skipWhitespace()
        let value = try reader.value()
        reader.skipWhitespace()
        guard reader.i == bytes.count else { throw .syntax(offset: reader.i) }
        return value
    }

    // MARK: Values (RFC 8259 §3)

    private mutating func value() throws(JSONError) -> JSONValue {
        values += 1
        guard values <= limits.maxValues else { throw .tooManyValues }
        guard i < bytes.count else { throw .syntax(offset: i) }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw .syntax(offset: i)
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - i >= count else { throw .syntax(offset: i) }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { throw .syntax(offset: i + k) }
        i += count
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    @inline(__always)
    private func at(_ byte: UInt8) -> Bool { i < bytes.count && bytes[i] == byte }

    private mutating func enter() throws(JSONError) {
        depth += 1
        guard depth <= limits.maxDepth else { throw .tooDeep }
        i += 1
        skipWhitespace()
    }

    /// The separator after an element or member: true after `,`, false after the closing bracket.
    private mutating func next(closing: UInt8) throws(JSONError) -> Bool {
        skipWhitespace()
        guard i < bytes.count else { throw .syntax(offset: i) }
        switch bytes[i] {
        case UInt8(ascii: ","): i += 1; skipWhitespace(); return true
        case closing: i += 1; depth -= 1; return false
        default: throw .syntax(offset: i)
        }
    }

    // MARK: Objects (RFC 8259 §4) and arrays (§5)

    private mutating func object() throws(JSONError) -> JSONValue {
        try enter()
        if at(UInt8(ascii: "}")) { i += 1; depth -= 1; return .object([:]) }
        // The first objects of a text get room for 24 members up front (a cookie payload, its claims, a JOSE header or
        // provider metadata fit), so no growth rehashes the members read so far; later ones grow as needed, so a text of
        // many small objects costs no more memory than before.
        let room = min(24, reservable)
        reservable -= room
        var members = [String: JSONValue](minimumCapacity: room)
        repeat {
            guard at(UInt8(ascii: "\"")) else { throw .syntax(offset: i) }
            let name = try string()
            skipWhitespace()
            guard at(UInt8(ascii: ":")) else { throw .syntax(offset: i) }
            i += 1
            skipWhitespace()
            // Swift compares names by canonical equivalence, so byte-different but equivalent names count as the same.
            guard members.updateValue(try value(), forKey: name) == nil else { throw .duplicateMember }
        } while try next(closing: UInt8(ascii: "}"))
        return .object(members)
    }

    private mutating func array() throws(JSONError) -> JSONValue {
        try enter()
        var elements: [JSONValue] = []
        if at(UInt8(ascii: "]")) { i += 1; depth -= 1; return .array(elements) }
        repeat {
            elements.append(try value())
        } while try next(closing: UInt8(ascii: "]"))
        return .array(elements)
    }

    // MARK: Strings (RFC 8259 §7, §8.1)

    private mutating func string() throws(JSONError) -> String {
        i += 1
        let start = i
        // Fast path: printable ASCII without escapes needs no copy and no validation.
        skipPlainWords()
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i - 1]), as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { break }
            i += 1
        }
        return try escapedOrNonASCIIString(from: start)
    }

    /// Moves past whole 8-byte words of printable ASCII other than `"` and `\` (`ByteWords`); a word that may end
    /// the run is left to the byte-by-byte loop.
    @inline(__always)
    private mutating func skipPlainWords() {
        guard let base = bytes.baseAddress else { return }
        while bytes.count - i >= 8 {
            let word = ByteWords.word(base, i)
            if ByteWords.hasBelowOrNonASCII(word, 0x20) || ByteWords.has(word, UInt8(ascii: "\"")) || ByteWords.has(word, UInt8(ascii: "\\")) {
                return
            }
            i += 8
        }
    }

    private mutating func escapedOrNonASCIIString(from start: Int) throws(JSONError) -> String {
        var run = start
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                let text = UnsafeBufferPointer(rebasing: bytes[run..<i])
                i += 1
                guard escaped else { return String(decoding: text, as: UTF8.self) }
                scratch.append(contentsOf: text)
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                escaped = true
                try escape()
                run = i
            case 0..<0x20:
                throw .syntax(offset: i)
            case 0x20..<0x80:
                i += 1
            default:
                try utf8Sequence()
            }
        }
        throw .syntax(offset: i)
    }

    /// One well-formed multi-byte UTF-8 sequence (Unicode Table 3-7): no overlong form, no surrogate, nothing past U+10FFFF.
    @inline(__always)
    private mutating func utf8Sequence() throws(JSONError) {
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        let continuation: Int
        switch bytes[i] {
        case 0xC2...0xDF: continuation = 1
        case 0xE0: continuation = 2; low = 0xA0
        case 0xED: continuation = 2; high = 0x9F
        case 0xE1...0xEF: continuation = 2
        case 0xF0: continuation = 3; low = 0x90
        case 0xF4: continuation = 3; high = 0x8F
        case 0xF1...0xF3: continuation = 3
        default: throw .invalidUTF8
        }
        guard bytes.count - i > continuation else { throw .invalidUTF8 }
        let second = bytes[i + 1]
        guard second >= low, second <= high else { throw .invalidUTF8 }
        var k = 2
        while k <= continuation {
            guard bytes[i + k] & 0xC0 == 0x80 else { throw .invalidUTF8 }
            k += 1
        }
        i += continuation + 1
    }

    /// One escape after its backslash, appended to `scratch` as UTF-8; surrogates must come as a pair.
    private mutating func escape() throws(JSONError) {
        i += 1
        guard i < bytes.count else { throw .syntax(offset: i) }
        let simple: UInt8
        switch bytes[i] {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            var scalar = try hex4(at: i + 1)
            i += 5
            switch scalar {
            case 0xD800...0xDBFF:
                guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { throw .loneSurrogate }
                let low = try hex4(at: i + 2)
                guard (0xDC00...0xDFFF).contains(low) else { throw .loneSurrogate }
                scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                i += 6
            case 0xDC00...0xDFFF:
                throw .loneSurrogate
            default:
                break
            }
            appendUTF8(scalar)
            return
        default:
            throw .syntax(offset: i)
        }
        scratch.append(simple)
        i += 1
    }

    private func hex4(at offset: Int) throws(JSONError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw .syntax(offset: offset) }
        var value: UInt32 = 0
        for k in offset..<offset + 4 {
            let b = bytes[k]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b &- UInt8(ascii: "A") &+ 10
            default: throw .syntax(offset: k)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: Numbers (RFC 8259 §6)

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` as the nearest Double; non-finite results are refused.
    private mutating func number() throws(JSONError) -> Double {
        let start = i
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw .syntax(offset: i) }
        var mantissa: UInt64 = 0
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw .syntax(offset: i) }
        } else {
            while i < bytes.count, isDigit(bytes[i]) {
                if i - start < 18 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
        }
        let integerDigits = i - start - (negative ? 1 : 0)
        var integral = true
        if at(UInt8(ascii: ".")) {
            integral = false
            i += 1
            try digits()
        }
        if at(UInt8(ascii: "e")) || at(UInt8(ascii: "E")) {
            integral = false
            i += 1
            if at(UInt8(ascii: "+")) || at(UInt8(ascii: "-")) { i += 1 }
            try digits()
        }
        // Up to 15 digits an integer is exact in a Double; anything else goes to the correctly rounding strtod.
        if integral, integerDigits <= 15 {
            let magnitude = Double(mantissa)
            return negative ? -magnitude : magnitude
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw .numberOutOfRange }
        return value
    }

    private mutating func digits() throws(JSONError) {
        guard i < bytes.count, isDigit(bytes[i]) else { throw .syntax(offset: i) }
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
    }

    @inline(__always)
    private func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
}
