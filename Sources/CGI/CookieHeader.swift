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
        var parsed: [(String, String)] = []
        let utf8 = header.utf8
        for piece in utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true) {
            let end = utf8.distance(from: utf8.startIndex, to: piece.endIndex)
            if end > Self.maxBytes || parsed.count >= Self.maxCount { break }
            guard let eq = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }  // §5.2 step 2: no "=" → ignore
            let name = Self.trimmed(piece[piece.startIndex..<eq])
            guard !name.isEmpty else { continue }                                       // §5.2 step 5: empty name → ignore
            var value = Self.trimmed(piece[piece.index(after: eq)...])
            if value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") {
                value = value.dropFirst().dropLast()                                    // §4.1.1 DQUOTE *cookie-octet DQUOTE
            }
            parsed.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        pairs = parsed
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

    /// Strips spaces and tabs at both ends (RFC 6265 §5.2 steps 4 and 6 remove WSP).
    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        var s = bytes
        while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
        return s
    }
}
