/// A CGI response as a plain value: status, headers, cookies, body (RFC 3875 §6).
///
/// It is written once by `serialized(includeBody:)`, which is the only place
/// header text is produced.
public struct Response: Sendable {
    public var status: Int
    /// Extra headers in order; `Content-Type` here replaces the default. Names the serializer owns
    /// (Status, Content-Length, Set-Cookie and the security headers) are ignored.
    public var headers: [(String, String)]
    public var cookies: [SetCookie]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], cookies: [SetCookie] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.cookies = cookies
        self.body = body
    }

    /// An HTML page (`text/html; charset=utf-8`, the default content type).
    public static func html(_ status: Int, _ html: String) -> Response {
        Response(status: status, body: Array(html.utf8))
    }

    /// A `302 Found` to `location`, percent-encoding anything outside visible ASCII (RFC 9110 §10.2.2),
    /// with a tiny HTML body for clients that do not follow it.
    public static func redirect(_ location: String) -> Response {
        let safe = HeaderSafety.encodeURL(location)
        let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Redirecting</title></head>"
            + "<body><p><a href=\"" + Escape.attribute(safe) + "\">Continue</a></p></body></html>\n"
        return Response(status: 302, headers: [("Location", safe)], body: Array(page.utf8))
    }

    /// The `Location` header, when set.
    public var location: String? {
        headers.first { $0.0.lowercased() == "location" }?.1
    }
}
