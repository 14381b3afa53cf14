/// Paths this program is configured with (`REDIRECT_PATH`, `COOKIE_PATH`) and the paths it derives from the request.
enum SitePath {
    /// A configured route or cookie path: starts with `/`, at most 200 bytes of visible ASCII without `?`, `#`, `;`
    /// or `,` (a cookie path may not hold `;`, RFC 6265 §4.1.1).
    static func isRoutePath(_ path: String) -> Bool {
        guard path.hasPrefix("/"), path.utf8.count <= 200 else { return false }
        return path.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
            && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\\") }
    }

    /// Whether `cookiePath` covers `scriptPath`: `/`, or a prefix of it that ends at a `/` or at its end (RFC 6265 §5.1.4).
    static func cookiePath(_ cookiePath: String, covers scriptPath: String) -> Bool {
        if cookiePath == "/" { return true }
        guard scriptPath.hasPrefix(cookiePath) else { return false }
        if scriptPath.utf8.count == cookiePath.utf8.count || cookiePath.hasSuffix("/") { return true }
        return scriptPath.utf8.dropFirst(cookiePath.utf8.count).first == UInt8(ascii: "/")
    }
}
