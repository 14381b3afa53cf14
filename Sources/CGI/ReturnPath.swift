/// Where a visitor goes after signing in: a path on this site only, never a URL that leaves it.
///
/// Accepted: one leading `/` not followed by `/` or `\` (a network-path reference, RFC 3986 §4.2, which browsers
/// also read from `/\`), no scheme, visible ASCII only (no control characters, spaces, or bytes a browser might
/// drop or rewrite, WHATWG URL "remove all ASCII tab or newline"), no backslash anywhere, at most 2,000 bytes.
/// The program prefixes the result with its own origin, so what comes back can only name a page here.
public enum ReturnPath {
    public static let maxBytes = 2000

    public enum Refusal: Error, Equatable, Sendable {
        case empty, tooLong, notAPath, networkPath, badByte
    }

    /// The path as given, or why it is refused.
    public static func validate(_ text: String) -> Result<String, Refusal> {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return .failure(.empty) }
        guard bytes.count <= maxBytes else { return .failure(.tooLong) }
        guard bytes[0] == UInt8(ascii: "/") else { return .failure(.notAPath) }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\") { return .failure(.networkPath) }
        for b in bytes where b <= 0x20 || b >= 0x7F || b == UInt8(ascii: "\\") {
            return .failure(.badByte)
        }
        return .success(text)
    }
}

