/// python-dotenv 1.x's statement grammar (its `parser.py` regular expressions, step by step) over Unicode
/// scalars whose newlines are already LF. Each step either consumes what its expression matches or, on no
/// match, consumes nothing and fails the statement, which then skips to the end of the line it failed on.
struct DotEnvReader {
    enum Statement: Equatable {
        /// `expands` is false for a single-quoted value, which is literal.
        case binding(name: String, value: String?, expands: Bool, line: Int)
        case invalid(line: Int)
    }

    private struct Failure: Error {}

    private let text: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    /// Where the quotes are, built the first time a statement starts with one (most settings files have none).
    private var quoteTables: QuoteTables?

    /// For each index, the next index at or after it holding `'` (`single`), or `'`/`"` not preceded by a backslash
    /// (`unescaped…`), else `text.count`; and the last index holding each quote, or -1. Precomputed so that a text
    /// full of unclosed quotes stays linear.
    private struct QuoteTables {
        let single: [Int]
        let unescapedSingle: [Int]
        let unescapedDouble: [Int]
        let lastSingle: Int
        let lastDouble: Int

        init(_ text: [Unicode.Scalar]) {
            var single = [Int](repeating: text.count, count: text.count + 1)
            var unescapedSingle = single
            var unescapedDouble = single
            var index = text.count - 1
            while index >= 0 {   // one backward pass fills the three tables
                let scalar = text[index]
                let escaped = index > 0 && text[index - 1] == "\\"
                single[index] = scalar == "'" ? index : single[index + 1]
                unescapedSingle[index] = scalar == "'" && !escaped ? index : unescapedSingle[index + 1]
                unescapedDouble[index] = scalar == "\"" && !escaped ? index : unescapedDouble[index + 1]
                index -= 1
            }
            self.single = single
            self.unescapedSingle = unescapedSingle
            self.unescapedDouble = unescapedDouble
            lastSingle = text.lastIndex(of: "'") ?? -1
            lastDouble = text.lastIndex(of: "\"") ?? -1
        }
    }

    init(_ text: [Unicode.Scalar]) {
        self.text = text
    }

    private mutating func quotes() -> QuoteTables {
        if let quoteTables { return quoteTables }
        let built = QuoteTables(text)
        quoteTables = built
        return built
    }

    /// The next statement, or nil at the end of the text (blank lines and comments yield nothing).
    mutating func nextStatement() -> Statement? {
        while true {
            skip(while: Self.isSpace)
            guard position < text.count else { return nil }
            let startLine = line
            do {
                if let binding = try binding() {
                    return .binding(name: binding.name, value: binding.value?.text, expands: binding.value?.expands ?? false,
                                    line: startLine)
                }
            } catch {
                skip(while: { $0 != "\n" })
                if position < text.count { advance(1) }
                return .invalid(line: startLine)
            }
        }
    }

    /// `export`? key (`=` value)? comment? end-of-line; nil for a comment line.
    private mutating func binding() throws(Failure) -> (name: String, value: (text: String, expands: Bool)?)? {
        if matches("export"), position + 6 < text.count, Self.isHorizontalSpace(text[position + 6]) {
            advance(6)
            skip(while: Self.isHorizontalSpace)
        }
        let name = try key()
        skip(while: Self.isHorizontalSpace)
        var value: (text: String, expands: Bool)?
        if peek == "=" {
            advance(1)
            skip(while: Self.isHorizontalSpace)
            let literal = peek == "'"
            value = (try self.value(), !literal)
        }
        let beforeComment = position
        skip(while: Self.isHorizontalSpace)
        if peek == "#" { skip(while: { $0 != "\n" }) } else { position = beforeComment }
        var end = position
        while end < text.count, Self.isHorizontalSpace(text[end]) { end += 1 }
        guard end == text.count || text[end] == "\n" else { throw Failure() }
        advance(end - position + (end < text.count ? 1 : 0))
        guard let name else { return nil }
        return (name, value)
    }

    /// `'([^']+)'` or `([^=#\s]+)`; nil (nothing consumed) before a `#`.
    private mutating func key() throws(Failure) -> String? {
        if peek == "#" { return nil }
        if peek == "'" {
            let close = quotes().single[position + 1]
            guard close < text.count, close > position + 1 else { throw Failure() }
            let name = string(position + 1, close)
            advance(close + 1 - position)
            return name
        }
        let start = position
        var end = start
        while end < text.count, text[end] != "=", text[end] != "#", !Self.isSpace(text[end]) { end += 1 }
        guard end > start else { throw Failure() }
        advance(end - start)
        return string(start, end)
    }

    /// A quoted value (escapes decoded), an empty value at the end of the line, or an unquoted value.
    private mutating func value() throws(Failure) -> String {
        switch peek {
        case "'":
            let tables = quotes()
            return Self.decodeEscapes(try quoted(next: tables.unescapedSingle, last: tables.lastSingle), allowed: "\\'")
        case "\"":
            let tables = quotes()
            return Self.decodeEscapes(try quoted(next: tables.unescapedDouble, last: tables.lastDouble), allowed: "\\'\"abfnrtv")
        case nil, "\n":
            return ""
        default:
            let start = position
            skip(while: { $0 != "\n" })
            var end = position
            // `re.sub(r"\s+#.*", "", part).rstrip()`: cut at the whitespace run before the first `#` that has one.
            if let hash = (start..<end).first(where: { $0 > start && text[$0] == "#" && Self.isSpace(text[$0 - 1]) }) {
                end = hash - 1
                while end > start, Self.isSpace(text[end - 1]) { end -= 1 }
            }
            while end > start, Self.isSpace(text[end - 1]) { end -= 1 }
            return ScalarString.make(text[start..<end])
        }
    }

    /// The body of `'((?:\\'|[^'])*)'` (or its double-quoted twin) at the current quote. The greedy
    /// expression closes at the first quote without a backslash before it; failing that, it backtracks to
    /// the last quote in the text.
    private mutating func quoted(next: [Int], last: Int) throws(Failure) -> [Unicode.Scalar] {
        let start = position + 1
        var close = next[start]
        if close == text.count { close = last }
        guard close >= start else { throw Failure() }
        let body = Array(text[start..<close])
        advance(close + 1 - position)
        return body
    }

    /// python-dotenv's `decode_escapes`: a backslash and one of `allowed` become that escape's character.
    static func decodeEscapes(_ body: [Unicode.Scalar], allowed: String) -> String {
        var out = ScalarString(capacity: body.count)
        var index = 0
        while index < body.count {
            if body[index] == "\\", index + 1 < body.count, allowed.unicodeScalars.contains(body[index + 1]) {
                let decoded: Unicode.Scalar = switch body[index + 1] {
                case "a": "\u{07}"
                case "b": "\u{08}"
                case "f": "\u{0C}"
                case "n": "\n"
                case "r": "\r"
                case "t": "\t"
                case "v": "\u{0B}"
                default: body[index + 1]
                }
                out.append(decoded)
                index += 2
            } else {
                out.append(body[index])
                index += 1
            }
        }
        return out.string
    }

    private var peek: Unicode.Scalar? { position < text.count ? text[position] : nil }

    private func matches(_ word: String) -> Bool {
        var index = position
        for scalar in word.unicodeScalars {
            guard index < text.count, text[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    private func string(_ start: Int, _ end: Int) -> String {
        ScalarString.make(text[start..<end])
    }

    private mutating func advance(_ count: Int) {
        for index in position..<(position + count) where text[index] == "\n" { line += 1 }
        position += count
    }

    private mutating func skip(while predicate: (Unicode.Scalar) -> Bool) {
        var end = position
        while end < text.count, predicate(text[end]) { end += 1 }
        advance(end - position)
    }

    /// Python's `str.isspace()`, which is also what `\s` matches in a `str` pattern.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }

    /// `[^\S\r\n]`: whitespace other than a line end.
    static func isHorizontalSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\n" && scalar != "\r" && isSpace(scalar)
    }
}
