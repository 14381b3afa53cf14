import Encoding

/// One CGI request, read once from the environment and stdin (RFC 3875 §4).
///
/// Everything a route may look at is validated here, so malformed input fails
/// fast with `CGIError` before any handler runs.
public struct Request: Sendable {
    /// The largest body read (`CONTENT_LENGTH` above it is refused without reading).
    public static let maxBodyBytes = 65536
    /// The longest `PATH_INFO` and `SCRIPT_NAME` accepted, in bytes.
    public static let maxPathBytes = 1024
    /// The longest `QUERY_STRING` accepted, in bytes.
    public static let maxQueryBytes = 8192

    /// `REQUEST_METHOD`, e.g. "GET", "HEAD", "POST" (RFC 3875 §4.1.12; case-sensitive per RFC 9110 §9.1).
    public let method: String
    /// `SCRIPT_NAME`, e.g. "/cgi-bin/signin.cgi" (RFC 3875 §4.1.13).
    public let scriptName: String
    /// `PATH_INFO`, "" when absent (RFC 3875 §4.1.5).
    public let pathInfo: String
    /// The decoded `QUERY_STRING` (RFC 3875 §4.1.7).
    public let query: FormData
    /// The parsed `HTTP_COOKIE` (RFC 6265 §5.4).
    public let cookies: CookieHeader
    /// `HTTP_RANGE`, when sent (RFC 9110 §14.2).
    public let range: String?
    /// `HTTP_IF_RANGE`, when sent (RFC 9110 §13.1.5).
    public let ifRange: String?
    /// `HTTP_IF_NONE_MATCH`, when sent (RFC 9110 §13.1.2).
    public let ifNoneMatch: String?
    /// `HTTP_IF_MODIFIED_SINCE`, when sent (RFC 9110 §13.1.3).
    public let ifModifiedSince: String?

    /// What `origin(trustForwardedHeaders:)` and `isHTTPS(trustForwardedHeaders:)` are computed from.
    let originInputs: OriginInputs

    /// From a dictionary of meta-variables (tests, and callers that hold one).
    public init(environment env: [String: String], readBody: (Int) -> [UInt8]) throws(CGIError) {
        try self.init(environment: Environment(env), readBody: readBody)
    }

    /// Reads the environment once; `readBody(n)` is called only when 0 < CONTENT_LENGTH <= maxBodyBytes, and its bytes are not kept.
    public init(environment env: Environment, readBody: (Int) -> [UInt8]) throws(CGIError) {
        method = try Self.validatedMethod(env["REQUEST_METHOD"])
        scriptName = try Self.validatedPath(env["SCRIPT_NAME"], variable: "SCRIPT_NAME")
        pathInfo = try Self.validatedPath(env["PATH_INFO"], variable: "PATH_INFO")
        query = try Self.parsedQuery(env["QUERY_STRING"])
        cookies = CookieHeader(header: env["HTTP_COOKIE"])
        range = env["HTTP_RANGE"]
        ifRange = env["HTTP_IF_RANGE"]
        ifNoneMatch = env["HTTP_IF_NONE_MATCH"]
        ifModifiedSince = env["HTTP_IF_MODIFIED_SINCE"]
        originInputs = OriginInputs(environment: env)

        // Only GET and HEAD are served, so a body is never used; it is still bounded and read (the server sends
        // exactly CONTENT_LENGTH bytes, RFC 3875 §4.2), so a short or oversized one is refused as such.
        let length = try Self.contentLength(env)
        if length > 0, readBody(length).count < length { throw .badRequest("body shorter than CONTENT_LENGTH") }
    }

    /// A method is an RFC 9110 §5.6.2 token; CGI requires it (RFC 3875 §4.1.12).
    static func validatedMethod(_ value: String?) throws(CGIError) -> String {
        guard let value, !value.isEmpty else { throw .badRequest("missing REQUEST_METHOD") }
        guard value.utf8.count <= 32, value.utf8.allSatisfy(HeaderSafety.isTokenByte) else {
            throw .badRequest("malformed REQUEST_METHOD")
        }
        return value
    }

    /// Refuses control characters, invalid UTF-8 (seen as U+FFFD after decoding) and over-long paths.
    static func validatedPath(_ value: String?, variable: String) throws(CGIError) -> String {
        guard let value else { return "" }
        guard value.utf8.count <= maxPathBytes else { throw .badRequest("\(variable) too long") }
        for scalar in value.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                throw .badRequest("control character in \(variable)")
            }
            if scalar == "\u{FFFD}" { throw .badRequest("invalid UTF-8 in \(variable)") }
        }
        return value
    }

    /// Decodes the query as form-urlencoded text; a malformed escape or invalid UTF-8 is a bad request.
    static func parsedQuery(_ value: String?) throws(CGIError) -> FormData {
        guard let value, !value.isEmpty else { return FormData() }
        guard value.utf8.count <= maxQueryBytes else { throw .badRequest("QUERY_STRING too long") }
        guard let pairs = Percent.formDecode(value) else { throw .badRequest("malformed QUERY_STRING") }
        return FormData(pairs: pairs)
    }

    /// `CONTENT_LENGTH` is 1*digit (RFC 3875 §4.1.2); absent or empty means no body.
    static func contentLength(_ env: Environment) throws(CGIError) -> Int {
        guard let raw = env["CONTENT_LENGTH"], !raw.isEmpty else {
            // A body without a length (chunked) cannot be bounded up front (RFC 9110 §15.5.12).
            if let te = env["HTTP_TRANSFER_ENCODING"], !te.isEmpty { throw .lengthRequired }
            return 0
        }
        guard raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .badRequest("malformed CONTENT_LENGTH")
        }
        guard raw.utf8.count <= 12, let length = Int(raw), length <= maxBodyBytes else { throw .bodyTooLarge }
        return length
    }
}

extension Substring {
    /// Drops spaces and tabs at both ends (RFC 9110 §5.6.3 OWS).
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
