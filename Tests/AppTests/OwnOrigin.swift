/// Whether a `Location` value keeps the browser on this site (`https://example.test`, or `host`), checked the way a browser
/// reads it (WHATWG URL "basic URL parser": leading/trailing C0 and spaces stripped, tabs and newlines removed,
/// `\` read as `/` in special schemes, userinfo before the last `@`): nil when it does, else what is wrong.
enum OwnOrigin {
    static let origin = "https://example.test"

    static func problem(_ location: String, host: String = "example.test") -> String? {
        let bytes = Array(location.utf8)
        // Bytes a browser strips, removes or rewrites: none may be there at all.
        if let bad = bytes.first(where: { $0 <= 0x20 || $0 >= 0x7F }) { return "byte 0x\(String(bad, radix: 16)) in Location" }
        if bytes.contains(UInt8(ascii: "\\")) { return "backslash in Location" }
        let lower = location.lowercased()
        for scheme in ["javascript:", "data:", "vbscript:"] where lower.hasPrefix(scheme) { return "\(scheme) URL" }

        // scheme ":" "//" authority path-abempty (RFC 3986 §3).
        guard let colon = location.firstIndex(of: ":") else { return "not an absolute URL" }
        let scheme = location[..<colon]
        guard scheme == "https" else { return "scheme \(scheme)" }
        let afterScheme = location[location.index(after: colon)...]
        guard afterScheme.hasPrefix("//") else { return "no authority" }
        let authorityAndRest = afterScheme.dropFirst(2)
        let end = authorityAndRest.firstIndex(where: { "/?#".contains($0) }) ?? authorityAndRest.endIndex
        let authority = authorityAndRest[..<end]
        if authority.contains("@") { return "userinfo in authority \(authority)" }
        guard authority == host else { return "authority \(authority)" }
        let rest = authorityAndRest[end...]
        guard rest.hasPrefix("/") else { return "no path after the authority" }
        // A path starting with `//` would make the URL's own path a network-path reference when reused.
        if rest.hasPrefix("//") { return "path starts with //" }
        return nil
    }
}
