import Testing
@testable import CGI

@Suite("Response: CGI output written in one place (RFC 3875 §6)")
struct ResponseTests {
    static let securityLines = [
        "Cache-Control: no-store",
        "Pragma: no-cache",
        "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "form-action 'self' https:; frame-ancestors 'none'; base-uri 'none'",
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
        "X-Frame-Options: DENY",
    ]

    @Test("a 200 page has no Status line, the default content type, length and security headers")
    func okPage() {
        let out = ParsedOutput(Response.html(200, "<p>hi</p>").serialized(includeBody: true))
        #expect(out.lines == ["Content-Type: text/html; charset=utf-8", "Content-Length: 9"] + Self.securityLines)
        #expect(out.body == Array("<p>hi</p>".utf8))
    }

    @Test("the exact bytes: CRLF line ends, a blank line, then the body")
    func exactBytes() {
        let bytes = Response.html(404, "x").serialized(includeBody: true)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("Status: 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 1\r\n"))
        #expect(text.hasSuffix("X-Frame-Options: DENY\r\n\r\nx"))
    }

    @Test("Status line with the reason phrase for non-200 codes", arguments: [
        (302, "Status: 302 Found"), (400, "Status: 400 Bad Request"), (404, "Status: 404 Not Found"),
        (405, "Status: 405 Method Not Allowed"), (411, "Status: 411 Length Required"),
        (413, "Status: 413 Content Too Large"), (500, "Status: 500 Internal Server Error"),
        (502, "Status: 502 Bad Gateway"), (299, "Status: 299 Success"), (42, "Status: 500 Internal Server Error"),
    ])
    func statusLine(_ code: Int, _ line: String) {
        #expect(ParsedOutput(Response.html(code, "").serialized(includeBody: true)).lines.first == line)
    }

    @Test("HEAD: same head, Content-Length of the body, no body bytes")
    func head() {
        let response = Response.html(404, "<p>not here</p>")
        let get = ParsedOutput(response.serialized(includeBody: true))
        let head = ParsedOutput(response.serialized(includeBody: false))
        #expect(head.lines == get.lines)
        #expect(head.values("Content-Length") == ["15"])
        #expect(head.body.isEmpty)
        #expect(response.serialized(includeBody: false) == Array(get.head) + [13, 10, 13, 10])
    }

    @Test("headers in order: Status, Content-Type, given headers, Set-Cookie, Content-Length, security")
    func order() {
        var r = Response.html(200, "ok")
        r.headers = [("Content-Type", "application/json"), ("Allow", "GET, HEAD"), ("X-A", "1")]
        r.cookies = [SetCookie(name: "a", value: "1", path: "/", maxAge: nil, secure: true),
                     SetCookie(name: "b", value: "2", path: "/", maxAge: 0, secure: true)]
        let out = ParsedOutput(r.serialized(includeBody: true))
        #expect(out.names == ["Content-Type", "Allow", "X-A", "Set-Cookie", "Set-Cookie", "Content-Length",
                              "Cache-Control", "Pragma", "Content-Security-Policy", "Referrer-Policy",
                              "X-Content-Type-Options", "X-Frame-Options"])
        #expect(out.values("Content-Type") == ["application/json"])
        #expect(out.values("Set-Cookie").count == 2)
    }

    @Test("a caller cannot override or duplicate the headers the serializer owns")
    func reserved() {
        var r = Response.html(200, "ok")
        r.headers = [("Status", "200 OK"), ("Content-Length", "999"), ("Cache-Control", "public"),
                     ("Content-Security-Policy", "default-src *"), ("Set-Cookie", "x=y"), ("Transfer-Encoding", "chunked")]
        let out = ParsedOutput(r.serialized(includeBody: true))
        #expect(out.values("Content-Length") == ["2"])
        #expect(out.values("Cache-Control") == ["no-store"])
        #expect(out.values("Content-Security-Policy").count == 1)
        #expect(out.values("Set-Cookie").isEmpty)
        #expect(out.values("Status").isEmpty)
        #expect(out.values("Transfer-Encoding").isEmpty)
    }

    @Test("redirect: 302 with Location and a small HTML body linking to it")
    func redirect() {
        let out = ParsedOutput(Response.redirect("https://example.test/cgi-bin/signin.cgi/login").serialized(includeBody: true))
        #expect(out.lines.first == "Status: 302 Found")
        #expect(out.values("Location") == ["https://example.test/cgi-bin/signin.cgi/login"])
        #expect(String(decoding: out.body, as: UTF8.self).contains("href=\"https://example.test/cgi-bin/signin.cgi/login\""))
    }

    @Test("redirect percent-encodes anything outside visible ASCII and escapes the link", arguments: [
        ("https://e.test/a b", "https://e.test/a%20b"),
        ("https://e.test/ü", "https://e.test/%C3%BC"),
        ("https://e.test/\r\nSet-Cookie: x=y", "https://e.test/%0D%0ASet-Cookie:%20x=y"),
        ("https://e.test/\u{0}\t\u{7F}", "https://e.test/%00%09%7F"),
        ("https://e.test/?a=1&b=%41", "https://e.test/?a=1&b=%41"),
    ])
    func redirectEncoding(_ location: String, _ expected: String) {
        let response = Response.redirect(location)
        #expect(response.location == expected)
        let out = ParsedOutput(response.serialized(includeBody: true))
        #expect(out.values("Location") == [expected])
        #expect(String(decoding: out.body, as: UTF8.self).contains("href=\"" + Escape.attribute(expected) + "\""))
    }
}
