/// `Content-Type` of a served file, chosen by its extension from a fixed table (RFC 9110 §8.3); `text/*`
/// types say `charset=utf-8`; anything else is `application/octet-stream` (RFC 2046 §4.5.1).
public enum ContentType {
    public static let fallback = "application/octet-stream"

    /// The type for a file called `name` (the extension after the last `.`, compared case-insensitively).
    public static func forFileName(_ name: some StringProtocol) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return fallback }
        let ext = name[name.index(after: dot)...].lowercased()
        guard let type = table[ext] else { return fallback }
        return type.hasPrefix("text/") ? type + "; charset=utf-8" : type
    }

    static let table: [String: String] = [
        "html": "text/html", "htm": "text/html", "css": "text/css",
        "js": "text/javascript", "mjs": "text/javascript",   // RFC 9239 §3
        "txt": "text/plain", "csv": "text/csv", "md": "text/markdown",   // RFC 7763
        "json": "application/json", "xml": "application/xml", "pdf": "application/pdf",
        "zip": "application/zip", "gz": "application/gzip", "tar": "application/x-tar", "wasm": "application/wasm",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/vnd.microsoft.icon",
        "mp4": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",   // RFC 8081
    ]
}
