/// A dotenv settings file read with python-dotenv 1.x's grammar and `${NAME}` expansion (README "Settings").
///
/// The bytes are read as Python reads a text file for `load_dotenv(encoding="utf-8-sig")`: CRLF and lone CR
/// become LF, one leading UTF-8 BOM is dropped, and bytes that are not UTF-8 (RFC 3629 §3) reject the whole
/// file rather than a guessed part of it. Statements python-dotenv cannot parse are skipped and their lines
/// reported in `invalidLines`. One deliberate difference: a single-quoted value is literal, `${NAME}` included
/// (python-dotenv 1.2 expands it too).
public enum DotEnv {
    /// Files larger than this, and values that expand to more than this, are refused.
    public static let maxBytes = 64 * 1024

    /// One `NAME=value` (or bare `NAME`, whose value is nil) statement, in file order.
    public struct Entry: Equatable, Sendable {
        public let name: String
        /// The value after unquoting, escapes and `${NAME}` expansion; nil for a name without `=`.
        public let value: String?
        /// 1-based line on which the name starts.
        public let line: Int

        public init(name: String, value: String?, line: Int) {
            self.name = name
            self.value = value
            self.line = line
        }
    }

    /// The statements of a file and the lines of those that could not be parsed.
    public struct Document: Equatable, Sendable {
        /// Every statement in file order, duplicates included (a later one wins, as in python-dotenv).
        public let entries: [Entry]
        /// 1-based first lines of statements python-dotenv would skip with a warning.
        public let invalidLines: [Int]
    }

    /// Why a whole file is refused.
    public enum Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        case tooLarge(limit: Int)
        case notUTF8(line: Int)
        case expansionTooLarge(line: Int)

        public var description: String {
            switch self {
            case .tooLarge(let limit): "larger than \(limit) bytes"
            case .notUTF8(let line): "line \(line) is not UTF-8"
            case .expansionTooLarge(let line): "line \(line): the value expands to more than \(DotEnv.maxBytes) bytes"
            }
        }
    }

    /// Parses `bytes` and expands `${NAME}` and `${NAME:-default}` in unquoted and double-quoted values as
    /// `load_dotenv(override=False)` does: a name set in `environment` wins over one set earlier in the file;
    /// a name set in neither takes the default, else the empty string.
    public static func parse(_ bytes: [UInt8], environment: (String) -> String?) throws(Rejection) -> Document {
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        let text = try decode(bytes)
        var reader = DotEnvReader(text)
        var entries: [Entry] = []
        var invalidLines: [Int] = []
        // The latest value of each name so far, for `${NAME}`: built at the first reference to a name the
        // environment does not hold (most files have none), then kept current, so each lookup is a hash probe
        // however long the file.
        var resolved: [String: String?]?
        while let statement = reader.nextStatement() {
            switch statement {
            case .invalid(let line):
                invalidLines.append(line)
            case .binding(let name, let raw, let expands, let line):
                var value = raw
                if let raw, expands {
                    let expanded = DotEnvExpansion.expand(raw, limit: maxBytes) { name in
                        if let fromEnvironment = environment(name) { return fromEnvironment }
                        if resolved == nil {
                            resolved = Dictionary(entries.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
                        }
                        if let fromFile = resolved?[name] { return fromFile ?? "" }
                        return nil
                    }
                    guard let expanded else { throw .expansionTooLarge(line: line) }
                    value = expanded
                }
                resolved?[name] = .some(value)
                entries.append(Entry(name: name, value: value, line: line))
            }
        }
        return Document(entries: entries, invalidLines: invalidLines)
    }

    /// The file's Unicode scalars with newlines made LF and a leading BOM dropped, or the first line that is not UTF-8.
    static func decode(_ bytes: [UInt8]) throws(Rejection) -> [Unicode.Scalar] {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            // CR and LF never occur inside a multi-byte UTF-8 sequence, so this is safe before decoding.
            if byte == 0x0D {
                if index < bytes.count && bytes[index] == 0x0A { index += 1 }
                normalized.append(0x0A)
            } else {
                normalized.append(byte)
            }
        }
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(normalized.count)
        if normalized.allSatisfy({ $0 < 0x80 }) {   // ASCII (the usual file): each byte is its scalar
            for byte in normalized { scalars.append(Unicode.Scalar(byte)) }
            return scalars
        }
        for (number, line) in normalized.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard let string = String(validating: line, as: UTF8.self) else { throw .notUTF8(line: number + 1) }
            if number > 0 { scalars.append("\n") }
            scalars.append(contentsOf: string.unicodeScalars)
        }
        return scalars
    }
}
