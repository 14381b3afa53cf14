/// A validated `host[:port]` (RFC 3986 §3.2.2, §3.2.3), as sent in `Host` or `X-Forwarded-Host`.
///
/// Stricter than RFC 3986: a reg-name may use only unreserved characters (letters, digits,
/// `-`, `.`, `_`, `~`), so no sub-delimiter, percent-escape, `@`, `/`, space or control
/// character from a client can reach a URL we emit. IPv6 literals are `[` hex, `:` and `.` `]`.
struct HostName: Sendable, Equatable {
    /// Lowercased host: a reg-name, an IPv4 address, or a bracketed IPv6 literal.
    let host: String
    /// Decimal port without leading zeros, when one was given.
    let port: String?

    init(host: String, port: String?) {
        self.host = host
        self.port = port
    }

    /// Parses and validates `host[:port]`; nil for anything else.
    init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 260 else { return nil }
        let hostPart: Substring
        let portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[...close]
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                portPart = nil
            } else {
                guard rest.first == ":" else { return nil }
                portPart = rest.dropFirst()
            }
            guard Self.isIPv6Literal(hostPart) else { return nil }
        } else {
            let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { return nil }
            hostPart = pieces[0]
            portPart = pieces.count == 2 ? pieces[1] : nil
            guard Self.isRegName(hostPart) else { return nil }
        }
        var port: String?
        if let portPart, !portPart.isEmpty {     // "host:" is allowed: port = *DIGIT (RFC 3986 §3.2.3)
            guard let valid = Self.validPort(String(portPart)) else { return nil }
            port = valid
        }
        self.init(host: hostPart.lowercased(), port: port)
    }

    /// A `SERVER_NAME` (RFC 3875 §4.1.14) as a URL host: a reg-name or IPv4 address (lowercased), or an IPv6
    /// address, bracketed or not (Apache brackets it, RFC 3986 §3.2.2 requires the brackets in a URL).
    /// Nil for anything else, a port included: `SERVER_PORT` carries that.
    static func serverName(_ text: String) -> String? {
        let bracketed = text.hasPrefix("[") || !text.contains(":") ? text : "[" + text + "]"
        guard let parsed = HostName(bracketed), parsed.port == nil, !bracketed.hasSuffix(":") else { return nil }
        return parsed.host
    }

    /// `host[:port]`, without the port when it equals `defaultPort`.
    func authority(omittingPort defaultPort: String) -> String {
        guard let port, port != defaultPort else { return host }
        return host + ":" + port
    }

    /// A port is 1 to 5 digits, 1…65535; returned without leading zeros.
    static func validPort(_ text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= 5,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text), value >= 1, value <= 65535 else { return nil }
        // The digits after the leading zeros (there is a non-zero one): `String(value)` without the standard
        // library's integer printing, which a request would otherwise fault in for this alone.
        return String(decoding: text.utf8.drop { $0 == UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// reg-name restricted to unreserved characters, at most 253 bytes, not empty.
    static func isRegName(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.utf8.allSatisfy { b in
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }
    }

    /// `[` IPv6address `]` (RFC 3986 §3.2.2): hex groups, `::` at most once, an optional trailing IPv4.
    static func isIPv6Literal(_ text: Substring) -> Bool {
        guard text.count >= 4, text.count <= 47, text.first == "[", text.last == "]" else { return false }
        let inner = text.dropFirst().dropLast()
        guard inner.utf8.allSatisfy({ b in
            (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
                || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F")) || b == UInt8(ascii: ":") || b == UInt8(ascii: ".")
        }) else { return false }
        let compressed = inner.ranges(of: "::").count
        guard compressed <= 1, inner.contains(":") else { return false }
        var groups = inner.split(separator: ":", omittingEmptySubsequences: true)
        var slots = 8
        if let last = groups.last, last.contains(".") {
            guard isIPv4(last) else { return false }
            groups.removeLast()
            slots = 6
        }
        guard groups.allSatisfy({ $0.count <= 4 && !$0.contains(".") }) else { return false }
        // With "::" a colon at either end must be part of it, and three colons in a row are not an address.
        if compressed == 1 {
            guard !inner.contains(":::"), !inner.hasPrefix(":") || inner.hasPrefix("::"),
                  !inner.hasSuffix(":") || inner.hasSuffix("::") else { return false }
            return groups.count < slots
        }
        // Without "::" no group may be empty, so ":1" style leading/trailing colons are refused.
        let raw = inner.split(separator: ":", omittingEmptySubsequences: false)
        return raw.allSatisfy { !$0.isEmpty } && groups.count == slots
    }

    /// Dotted-quad IPv4 (RFC 3986 §3.2.2 IPv4address).
    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) && (Int(p) ?? 256) <= 255
        }
    }
}
