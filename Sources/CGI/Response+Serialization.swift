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

    /// Names only the serializer writes (lowercase); a caller's header of that name is dropped.
    static let reservedNames: [String] =
        ["status", "content-length", "set-cookie", "transfer-encoding", "content-type", "strict-transport-security"]
            + securityHeaders.map { $0.0.lowercased() }

    /// CGI output: "Status: 302 Found" (omitted for 200), headers, Set-Cookie lines, Content-Length, security headers
    /// (Cache-Control: no-store, CSP with frame-ancestors 'none', Referrer-Policy: no-referrer, X-Content-Type-Options: nosniff),
    /// blank line, body (omitted when `includeBody` is false, e.g. HEAD). Any CR/LF/CTL in a header value is never written.
    ///
    /// RFC 3875 §6.2–6.3: header lines end in CRLF here, which servers accept as NL.
    /// A `stream` is not part of the result: its length is announced and the caller writes it after the head.
    public func serialized(includeBody: Bool) -> [UInt8] {
        var out = serializedHead(reservingForBody: includeBody && stream == nil ? body.count : 0)
        if includeBody && stream == nil {
            out.append(contentsOf: body)
        }
        return out
    }

    /// The head alone, up to and including the blank line. A file's `304` carries neither `Content-Type` nor
    /// `Content-Length` (there is no content, and the length would have to be the file's: RFC 9110 §8.6, §15.4.5).
    public func serializedHead() -> [UInt8] {
        serializedHead(reservingForBody: 0)
    }

    /// The head written straight into one byte buffer with room for `extra` more bytes (the body).
    private func serializedHead(reservingForBody extra: Int) -> [UInt8] {
        let code = (100...599).contains(status) ? status : 500
        var out: [UInt8] = []
        out.reserveCapacity(640 + extra + cookies.reduce(0) { $0 + $1.value.utf8.count + 160 })
        func start(_ name: String) {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            out.append(UInt8(ascii: " "))
        }
        func end() {
            out.append(0x0D)
            out.append(0x0A)
        }
        func line(_ name: String, _ value: String) {
            start(name)
            out.append(contentsOf: value.utf8)
            end()
        }
        if code != 200 {
            start("Status")
            Self.appendDecimal(Int64(code), to: &out)
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: HTTPStatus.reason(code).utf8)
            end()
        }
        let bodiless = profile == .file && code == 304
        let givenType = headers.last { Self.isNamed($0.0, "content-type") && HeaderSafety.isValue($0.1) }?.1
        if !bodiless {
            line("Content-Type", givenType ?? Self.defaultContentType)
        }
        for (name, value) in headers {
            guard HeaderSafety.isName(name), !Self.reservedNames.contains(where: { Self.isNamed(name, $0) }) else { continue }
            if Self.isNamed(name, "location") {
                // Already visible ASCII (as `Response.redirect` leaves it): encoding would give the same text.
                let visible = value.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
                let encoded = visible ? value : HeaderSafety.encodeURL(value)
                guard !encoded.isEmpty else { continue }
                line(name, encoded)
            } else if HeaderSafety.isValue(value) {
                line(name, value)
            }
        }
        for cookie in cookies where cookie.isWritable {
            line("Set-Cookie", cookie.headerValue)
        }
        if !bodiless {
            start("Content-Length")
            Self.appendDecimal(stream?.length ?? Int64(body.count), to: &out)
            end()
        }
        for (name, value) in profile == .file ? Self.fileHeaders : Self.securityHeaders {
            line(name, value)
        }
        if strictTransportSecurity {
            line(Self.strictTransportSecurityHeader.0, Self.strictTransportSecurityHeader.1)
        }
        out.append(0x0D)
        out.append(0x0A)
        return out
    }

    /// The decimal digits of `n` (not negative here: a status or a length), without the generic
    /// `BinaryInteger.description`.
    static func appendDecimal(_ n: Int64, to out: inout [UInt8]) {
        guard n > 0 else {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits: [UInt8] = []
        var rest = n
        while rest > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        out.append(contentsOf: digits.reversed())
    }

    /// ASCII case-insensitive equality of a header name with a lowercase one (RFC 9110 §5.1).
    static func isNamed(_ name: String, _ lowercase: String) -> Bool {
        guard name.utf8.count == lowercase.utf8.count else { return false }
        return zip(name.utf8, lowercase.utf8).allSatisfy { a, b in
            a == b || (a >= UInt8(ascii: "A") && a <= UInt8(ascii: "Z") && a | 0x20 == b)
        }
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
