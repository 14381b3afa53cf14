/// What a `Range` request field asks of a representation of `size` bytes (RFC 9110 §14.1.2, §14.2).
///
/// Only one range is served: a malformed field, another unit or several ranges are ignored and the whole
/// representation is sent, as §14.2 allows. An empty file is always sent whole (no range of it has a first byte).
enum ByteRange: Equatable {
    /// No usable range: answer 200 with everything.
    case whole
    /// Bytes `offset ..< offset + length`, all within the representation: answer 206.
    case part(offset: Int64, length: Int64)
    /// A well-formed range that starts at or after the end (or asks for the last 0 bytes): answer 416.
    case unsatisfiable

    static func evaluate(_ field: String?, size: Int64) -> ByteRange {
        guard let field, field.utf8.count <= 256, size > 0 else { return .whole }
        let trimmed = Substring(field).trimmingSpaces
        guard let eq = trimmed.firstIndex(of: "="), trimmed[..<eq].lowercased() == "bytes" else { return .whole }
        let specs = trimmed[trimmed.index(after: eq)...].split(separator: ",").map(\.trimmingSpaces).filter { !$0.isEmpty }
        guard specs.count == 1, let dash = specs[0].firstIndex(of: "-") else { return .whole }
        let firstText = specs[0][..<dash]
        let lastText = specs[0][specs[0].index(after: dash)...]
        if firstText.isEmpty {                                    // suffix-range: the last n bytes
            guard let n = digits(lastText) else { return .whole }
            guard n > 0 else { return .unsatisfiable }
            let length = min(n, size)
            return .part(offset: size - length, length: length)
        }
        guard let first = digits(firstText) else { return .whole }
        var last = size - 1
        if !lastText.isEmpty {
            guard let given = digits(lastText), given >= first else { return .whole }
            last = min(given, size - 1)
        }
        guard first < size else { return .unsatisfiable }
        return .part(offset: first, length: last - first + 1)
    }

    /// 1*DIGIT, saturating at `Int64.max` (a position past any file is still a position).
    private static func digits(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var value: Int64 = 0
        for b in text.utf8 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(b - 0x30))
            if o1 || o2 { return Int64.max }
            value = sum
        }
        return value
    }
}
