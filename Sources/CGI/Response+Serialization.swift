extension Response {
    /// The content type of a response that does not set one.
    public static let defaultContentType = "text/html; charset=utf-8"

    /// Headers on every response: no caching, no framing, no external sources, no referrer, no sniffing.
    public static let securityHeaders: [(String, String)] = [
        ("Cache-Control", "no-store"),
        ("Pragma", "no-cache"),
        ("Content-Security-Policy",
         "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self' https:; "
            + "frame-ancestors 'none'; base-uri 'none'"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
    ]

    /// Headers on every served file: private caching (validated by ETag/Last-Modified), no sniffing.
    public static let fileHeaders: [(String, String)] = [
        ("Cache-Control", "private"),
        ("X-Content-Type-Options", "nosniff"),
    ]

    /// HSTS for one year, this host only (RFC 6797 §6.1): other names under the domain are not ours to pin.
    public static let strictTransportSecurityHeader = ("Strict-Transport-Security", "max-age=31536000")

    /// Names only the serializer writes; a caller's header of that name is dropped.
    static let reservedNames: Set<String> = Set(
        ["status", "content-length", "set-cookie", "transfer-encoding", "content-type", "strict-transport-security"]
            + securityHeaders.map { $0.0.lowercased() })

    /// CGI output: "Status: 302 Found" (omitted for 200), headers, Set-Cookie lines, Content-Length, security headers
    /// (Cache-Control: no-store, CSP with frame-ancestors 'none', Referrer-Policy: no-referrer, X-Content-Type-Options: nosniff),
    /// blank line, body (omitted when `includeBody` is false, e.g. HEAD). Any CR/LF/CTL in a header value is never written.
    ///
    /// RFC 3875 §6.2–6.3: header lines end in CRLF here, which servers accept as NL.
    /// A `stream` is not part of the result: its length is announced and the caller writes it after the head.
    public func serialized(includeBody: Bool) -> [UInt8] {
        var out = serializedHead()
        if includeBody && stream == nil {
            out += body
        }
        return out
    }

    /// The head alone, up to and including the blank line. A file's `304` carries neither `Content-Type` nor
    /// `Content-Length` (there is no content, and the length would have to be the file's: RFC 9110 §8.6, §15.4.5).
    public func serializedHead() -> [UInt8] {
        let code = (100...599).contains(status) ? status : 500
        var lines: [String] = []
        if code != 200 {
            lines.append("Status: \(code) \(HTTPStatus.reason(code))")
        }
        let bodiless = profile == .file && code == 304
        let givenType = headers.last { $0.0.lowercased() == "content-type" && HeaderSafety.isValue($0.1) }?.1
        if !bodiless {
            lines.append("Content-Type: " + (givenType ?? Self.defaultContentType))
        }
        for (name, value) in headers {
            guard HeaderSafety.isName(name), !Self.reservedNames.contains(name.lowercased()) else { continue }
            if name.lowercased() == "location" {
                let encoded = HeaderSafety.encodeURL(value)
                guard !encoded.isEmpty else { continue }
                lines.append(name + ": " + encoded)
            } else if HeaderSafety.isValue(value) {
                lines.append(name + ": " + value)
            }
        }
        for cookie in cookies where cookie.isWritable {
            lines.append("Set-Cookie: " + cookie.headerValue)
        }
        if !bodiless {
            lines.append("Content-Length: \(stream?.length ?? Int64(body.count))")
        }
        for (name, value) in profile == .file ? Self.fileHeaders : Self.securityHeaders {
            lines.append(name + ": " + value)
        }
        if strictTransportSecurity {
            lines.append(Self.strictTransportSecurityHeader.0 + ": " + Self.strictTransportSecurityHeader.1)
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }
}

/// Reason phrases for the status codes this program sends (RFC 9110 §15).
enum HTTPStatus {
    static func reason(_ code: Int) -> String {
        switch code {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 416: "Range Not Satisfiable"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default:
            switch code / 100 {
            case 1: "Informational"
            case 2: "Success"
            case 3: "Redirection"
            case 4: "Client Error"
            default: "Server Error"
            }
        }
    }
}
