import Encoding

/// The client's `Cookie` header as ordered name/value pairs (RFC 6265 §5.4, parsed per §5.2's tolerant rules).
///
/// Junk never fails a request: a pair without `=` or with an empty name is skipped,
/// duplicates are kept in the order sent, a value in double quotes is unquoted, and
/// parsing stops at `maxCount` cookies or `maxBytes` of header so a flood stays cheap.
public struct CookieHeader: Sendable {
    /// At most this many cookies are kept (RFC 6265 §6.1 asks user agents for at least 50 per domain).
    public static let maxCount = 300
    /// Only this much of the header is parsed (room for 8 chunks of 4096 bytes plus other cookies).
    public static let maxBytes = 48 * 1024

    private let pairs: [(String, String)]

    /// Parses a `Cookie` header value (`HTTP_COOKIE`); nil or empty gives no cookies.
    public init(header: String?) {
        guard let header, !header.isEmpty else {
            pairs = []
            return
        }
        var text = header
        pairs = text.withUTF8 { Self.parse($0) }
    }

    /// §5.2 over the header's bytes: split on ";", each piece split at its first "=", both sides trimmed.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [(String, String)] {
        var parsed: [(String, String)] = []
        var start = 0
        while start < bytes.count {
            let end = ByteWords.firstIndex(of: UInt8(ascii: ";"), in: bytes, from: start, to: bytes.count)
            defer { start = end + 1 }
            if end == start { continue }
            if end > maxBytes || parsed.count >= maxCount { break }
            let eq = ByteWords.firstIndex(of: UInt8(ascii: "="), in: bytes, from: start, to: end)
            guard eq < end else { continue }                                            // §5.2 step 2: no "=" → ignore
            let name = trimmed(bytes, start, eq)
            guard !name.isEmpty else { continue }                                       // §5.2 step 5: empty name → ignore
            var value = trimmed(bytes, eq + 1, end)
            if value.count >= 2, bytes[value.lowerBound] == UInt8(ascii: "\""), bytes[value.upperBound - 1] == UInt8(ascii: "\"") {
                value = value.lowerBound + 1..<value.upperBound - 1                     // §4.1.1 DQUOTE *cookie-octet DQUOTE
            }
            parsed.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[name]), as: UTF8.self),
                           String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self)))
        }
        return parsed
    }

    /// The first cookie sent under `name` (browsers send the most specific path first, RFC 6265 §5.4 step 2).
    public func first(_ name: String) -> String? {
        pairs.first { $0.0 == name }?.1
    }

    /// Every value sent under `name`, in order.
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.0 == name }.map(\.1)
    }

    /// Cookie names in the order sent, duplicates included.
    public var names: [String] {
        pairs.map(\.0)
    }

    /// The range `from..<to` without spaces and tabs at either end (RFC 6265 §5.2 steps 4 and 6 remove WSP).
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Range<Int> {
        var lower = from, upper = to
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }
}
