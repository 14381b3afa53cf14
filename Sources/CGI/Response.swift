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
    /// A body written after the head in pieces (a served file); when set, `body` is not written.
    public var stream: (any ResponseStream)?
    /// Which fixed headers the serializer adds.
    public var profile: Profile
    /// Set for a response over HTTPS: the serializer adds `Strict-Transport-Security` (RFC 6797 §7.1).
    public var strictTransportSecurity = false

    /// The program's own pages never get cached or framed; a served file is the operator's content, cached
    /// privately and revalidated with its validators like a static file (RFC 9111 §5.2.2.7).
    public enum Profile: Sendable {
        case page
        case file
    }

    public init(status: Int, headers: [(String, String)] = [], cookies: [SetCookie] = [], body: [UInt8] = [],
                stream: (any ResponseStream)? = nil, profile: Profile = .page) {
        self.status = status
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.stream = stream
        self.profile = profile
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
