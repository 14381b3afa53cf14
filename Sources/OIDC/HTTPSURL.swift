/// An absolute `https` URL (scheme in lower case) checked well enough to hand to libcurl or to a browser:
/// printable ASCII only, a DNS name, IPv4 or bracketed IPv6 host, an optional port, no user info, no fragment.
/// Braces are allowed: Entra's multi-tenant `issuer` carries the `{tenantid}` template.
struct HTTPSURL: Sendable {
    /// The host, lowercased, with `:port` when one was given.
    let hostAndPort: String
    /// The host alone, lowercased.
    let host: String
    /// The path as given ("" or starting with "/").
    let path: String
    /// The query without "?", nil when absent.
    let query: String?

    init?(_ text: String) {
        guard text.utf8.allSatisfy(Self.isAllowed) else { return nil }
        let scheme = "https://"
        guard text.utf8.count > scheme.utf8.count, text.hasPrefix(scheme) else { return nil }
        let rest = text.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd].lowercased()
        guard !authority.contains("@") else { return nil }
        let afterAuthority = rest[authorityEnd...]
        let pathEnd = afterAuthority.firstIndex(of: "?") ?? afterAuthority.endIndex
        guard let (host, port) = Self.splitHostPort(authority), Self.isValidHost(host) else { return nil }
        if let port { guard let n = Int(port), (1...65535).contains(n), port.utf8.count <= 5 else { return nil } }
        self.host = host
        self.hostAndPort = authority
        self.path = String(afterAuthority[..<pathEnd])
        self.query = pathEnd < afterAuthority.endIndex ? String(afterAuthority[afterAuthority.index(after: pathEnd)...]) : nil
    }

    /// Visible ASCII except characters that are never valid unescaped in a URL (RFC 3986 §2) or that end it (`#`).
    private static func isAllowed(_ b: UInt8) -> Bool {
        guard b > 0x20 && b < 0x7F else { return false }
        return !"\\\"<>`#".utf8.contains(b)
    }

    private static func splitHostPort(_ authority: String) -> (String, String?)? {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let host = String(authority[...close])
            let rest = authority[authority.index(after: close)...]
            if rest.isEmpty { return (host, nil) }
            guard rest.hasPrefix(":") else { return nil }
            return (host, String(rest.dropFirst()))
        }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (authority, nil)
        case 2: return (String(parts[0]), String(parts[1]))
        default: return nil
        }
    }

    /// A DNS name of letter-digit-hyphen labels (RFC 1123 §2.1), an IPv4 address, or a bracketed IPv6 literal.
    static func isValidHost(_ host: String) -> Bool {
        if host.hasPrefix("[") {
            let inner = host.dropFirst().dropLast()
            return host.hasSuffix("]") && inner.contains(":") && inner.utf8.allSatisfy { isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isValidLabel)
    }

    /// One DNS label: 1–63 letters, digits or hyphens, not starting or ending with a hyphen.
    static func isValidLabel(_ label: some StringProtocol) -> Bool {
        let bytes = Array(label.utf8)
        guard !bytes.isEmpty, bytes.count <= 63, bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
    }
}
