import CGI

/// Splits a long cookie value over `<name>.0`, `<name>.1`, … and joins it back (docs/contract.md "Cookies").
///
/// Browsers drop a cookie whose `Set-Cookie` line is over about 4,096 bytes (RFC 6265 §6.1 asks for at least 4,096
/// per cookie), so each line is kept within `maxLineBytes`; at most `maxChunks` are ever read.
public enum CookieChunks {
    public static let maxLineBytes = 4096
    public static let maxChunks = 8
    static let linePrefix = "Set-Cookie: "

    /// Reads `<name>` or `<name>.0`…`<name>.7` (joined in order); nil when absent, incomplete, or more than 8 chunks.
    public static func read(_ name: String, from cookies: CookieHeader) -> String? {
        if let whole = cookies.first(name), !whole.isEmpty { return whole }
        let indices = chunkIndices(name, in: cookies)
        guard !indices.isEmpty, indices.count <= maxChunks, indices == Array(0..<indices.count) else { return nil }
        var joined = ""
        for index in 0..<indices.count {
            guard let part = cookies.first(chunkName(name, index)), !part.isEmpty else { return nil }
            joined += part
        }
        return joined
    }

    /// Set-Cookie list for `value` under `name`, split so no Set-Cookie line exceeds 4096 bytes, expiring stale chunks/unsplit name seen in `existing`.
    ///
    /// A value that would need more than 8 chunks could never be read back: it is not written, and the cookies
    /// seen under `name` are expired instead.
    public static func write(_ name: String, value: String, existing: CookieHeader, path: String, secure: Bool, maxAge: Int?) -> [SetCookie] {
        let whole = SetCookie(name: name, value: value, path: path, maxAge: maxAge, secure: secure)
        if lineLength(whole) <= maxLineBytes {
            return [whole] + chunkIndices(name, in: existing).map { expired(chunkName(name, $0), path, secure) }
        }
        let overhead = lineLength(SetCookie(name: chunkName(name, maxChunks - 1), value: "", path: path, maxAge: maxAge, secure: secure))
        let capacity = maxLineBytes - overhead
        let bytes = Array(value.utf8)  // cookie values are ASCII cookie-octets, so byte offsets are character offsets
        guard capacity > 0, (bytes.count + capacity - 1) / capacity <= maxChunks else {
            return expire(name, existing: existing, path: path, secure: secure)
        }
        let chunks = stride(from: 0, to: bytes.count, by: capacity).enumerated().map { index, start in
            SetCookie(name: chunkName(name, index), value: String(decoding: bytes[start..<min(start + capacity, bytes.count)], as: UTF8.self),
                      path: path, maxAge: maxAge, secure: secure)
        }
        var stale = chunkIndices(name, in: existing).filter { $0 >= chunks.count }.map { expired(chunkName(name, $0), path, secure) }
        if existing.first(name) != nil { stale.insert(expired(name, path, secure), at: 0) }
        return chunks + stale
    }

    /// Expires `<name>` and every `<name>.<i>` seen in `existing`.
    public static func expire(_ name: String, existing: CookieHeader, path: String, secure: Bool) -> [SetCookie] {
        [expired(name, path, secure)] + chunkIndices(name, in: existing).map { expired(chunkName(name, $0), path, secure) }
    }

    static func chunkName(_ name: String, _ index: Int) -> String { name + "." + String(index) }

    /// Indices `i` of cookies named `<name>.<i>`, `i` a canonical decimal number: ascending, each once.
    ///
    /// A sorted array, not a `Set<Int>`: a process's first `Set<Int>` checks `Int: Hashable` by walking every
    /// conformance record of the static binary (bench/README.md), and there are a handful of chunks at most.
    static func chunkIndices(_ name: String, in cookies: CookieHeader) -> [Int] {
        let prefix = name + "."
        var found: [Int] = []
        for cookie in cookies.names where cookie.hasPrefix(prefix) {
            let suffix = cookie.dropFirst(prefix.count)
            guard suffix.utf8.count <= 4, let index = Int(suffix), index >= 0, String(index) == suffix else { continue }
            let at = found.firstIndex { $0 >= index } ?? found.endIndex
            if at == found.endIndex || found[at] != index { found.insert(index, at: at) }
        }
        return found
    }

    private static func lineLength(_ cookie: SetCookie) -> Int { linePrefix.utf8.count + cookie.headerValue.utf8.count }

    private static func expired(_ name: String, _ path: String, _ secure: Bool) -> SetCookie {
        SetCookie.expired(name: name, path: path, secure: secure)
    }
}
