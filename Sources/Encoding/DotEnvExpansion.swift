/// python-dotenv's POSIX-style variable expansion (its `variables.py`): `${NAME}` and `${NAME:-default}`,
/// where NAME is any text without `}` or `:` and the default any text without `}`. Unlike the shell's `:-`,
/// the default applies only when the name is unset, not when it is empty; `$NAME` without braces is literal.
enum DotEnvExpansion {
    /// `value` with every reference replaced by `lookup(name)`, else its default, else nothing;
    /// nil when the result would exceed `limit` UTF-8 bytes.
    static func expand(_ value: String, limit: Int, lookup: (String) -> String?) -> String? {
        if !containsReference(value) { return value.utf8.count <= limit ? value : nil }
        let text = Array(value.unicodeScalars)
        // Precomputed so that a value full of unclosed `${` stays linear.
        var nextClose = [Int](repeating: text.count, count: text.count + 1)
        var nextCloseOrColon = nextClose
        for index in stride(from: text.count - 1, through: 0, by: -1) {
            nextClose[index] = text[index] == "}" ? index : nextClose[index + 1]
            nextCloseOrColon[index] = text[index] == "}" || text[index] == ":" ? index : nextCloseOrColon[index + 1]
        }
        var out = ScalarString(capacity: text.count)
        var size = 0
        func append<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> Bool {
            for scalar in scalars {
                size += UTF8.width(scalar)
                guard size <= limit else { return false }
                out.append(scalar)
            }
            return true
        }
        var index = 0
        while index < text.count {
            if text[index] == "$", index + 1 < text.count, text[index + 1] == "{",
               let reference = reference(in: text, at: index + 2, nextClose: nextClose, nextCloseOrColon: nextCloseOrColon) {
                let name = ScalarString.make(text[(index + 2)..<reference.nameEnd])
                guard append((lookup(name) ?? reference.fallback ?? "").unicodeScalars) else { return nil }
                index = reference.end
            } else {
                guard append(CollectionOfOne(text[index])) else { return nil }
                index += 1
            }
        }
        return out.string
    }

    /// Whether `${` occurs at all: most values have none and are returned as they are.
    private static func containsReference(_ value: String) -> Bool {
        var afterDollar = false
        for byte in value.utf8 {
            if afterDollar && byte == UInt8(ascii: "{") { return true }
            afterDollar = byte == UInt8(ascii: "$")
        }
        return false
    }

    /// The reference whose name starts at `start`: where the name ends, its default, and the index after `}`.
    private static func reference(in text: [Unicode.Scalar], at start: Int, nextClose: [Int],
                                  nextCloseOrColon: [Int]) -> (nameEnd: Int, fallback: String?, end: Int)? {
        let nameEnd = nextCloseOrColon[start]
        guard nameEnd < text.count else { return nil }
        if text[nameEnd] == "}" { return (nameEnd, nil, nameEnd + 1) }
        guard nameEnd + 1 < text.count, text[nameEnd + 1] == "-" else { return nil }
        let close = nextClose[nameEnd + 2]
        guard close < text.count else { return nil }
        return (nameEnd, ScalarString.make(text[(nameEnd + 2)..<close]), close + 1)
    }
}
