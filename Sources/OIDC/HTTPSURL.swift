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
        // Bytes throughout: every byte is checked to be printable ASCII first, so byte offsets are character offsets.
        var bytes = Array(text.utf8)
        guard bytes.allSatisfy(Self.isAllowed) else { return nil }
        let scheme = "https://".utf8
        guard bytes.count > scheme.count, bytes.starts(with: scheme) else { return nil }
        let authorityStart = scheme.count
        let authorityEnd = bytes[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? bytes.endIndex
        for i in authorityStart..<authorityEnd where (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[i]) {
            bytes[i] |= 0x20
        }
        let authority = bytes[authorityStart..<authorityEnd]
        guard !authority.contains(UInt8(ascii: "@")) else { return nil }
        let pathEnd = bytes[authorityEnd...].firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex
        guard let (host, port) = Self.splitHostPort(authority), Self.isValidHost(host) else { return nil }
        if let port { guard let n = Int(String(decoding: port, as: UTF8.self)), (1...65535).contains(n), port.count <= 5 else { return nil } }
        self.host = String(decoding: host, as: UTF8.self)
        self.hostAndPort = String(decoding: authority, as: UTF8.self)
        self.path = String(decoding: bytes[authorityEnd..<pathEnd], as: UTF8.self)
        self.query = pathEnd < bytes.endIndex ? String(decoding: bytes[(pathEnd + 1)...], as: UTF8.self) : nil
    }

    /// Visible ASCII except characters that are never valid unescaped in a URL (RFC 3986 §2) or that end it (`#`).
    private static func isAllowed(_ b: UInt8) -> Bool {
        guard b > 0x20 && b < 0x7F else { return false }
        switch b {
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "`"), UInt8(ascii: "#"): return false
        default: return true
        }
    }

    /// The host and the port (without `:`) of an authority; nil when a `[` has no `]`, or when something other than
    /// `:port` follows it, or when an unbracketed authority has more than one `:`.
    private static func splitHostPort(_ authority: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>?)? {
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            let host = authority[...close]
            let rest = authority[(close + 1)...]
            if rest.isEmpty { return (host, nil) }
            guard rest.first == UInt8(ascii: ":") else { return nil }
            return (host, rest.dropFirst())
        }
        guard let colon = authority.firstIndex(of: UInt8(ascii: ":")) else { return (authority, nil) }
        let port = authority[(colon + 1)...]
        guard !port.contains(UInt8(ascii: ":")) else { return nil }
        return (authority[..<colon], port)
    }

    /// A DNS name of letter-digit-hyphen labels (RFC 1123 §2.1), an IPv4 address, or a bracketed IPv6 literal.
    static func isValidHost(_ host: ArraySlice<UInt8>) -> Bool {
        if host.first == UInt8(ascii: "[") {
            let inner = host.dropFirst().dropLast()
            return host.count >= 2 && host.last == UInt8(ascii: "]") && inner.contains(UInt8(ascii: ":"))
                && inner.allSatisfy { isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        guard !host.isEmpty, host.count <= 253 else { return false }
        // Label by label, between dots (an empty label, from a leading, trailing or doubled dot, is not valid).
        var labelStart = host.startIndex
        for i in host.indices where host[i] == UInt8(ascii: ".") {
            guard isValidLabel(host[labelStart..<i]) else { return false }
            labelStart = i + 1
        }
        return isValidLabel(host[labelStart...])
    }

    /// One DNS label: 1–63 letters, digits or hyphens, not starting or ending with a hyphen.
    static func isValidLabel(_ label: ArraySlice<UInt8>) -> Bool {
        guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
        return label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// The same check on a label's text.
    static func isValidLabel(_ label: some StringProtocol) -> Bool { isValidLabel(Array(label.utf8)[...]) }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
    }
}
