import Testing
@testable import CGI

@Suite("Request.origin: the external URL is built from the request")
struct OriginTests {
    static let directCases: [(String, [String: String?], String)] = [
        ("HTTPS=on, default port omitted", [:], "https://example.test"),
        ("HTTPS=ON any case", ["HTTPS": "ON"], "https://example.test"),
        ("HTTPS=1", ["HTTPS": "1", "SERVER_PORT": "8443"], "https://example.test:8443"),
        ("REQUEST_SCHEME=https", ["HTTPS": nil, "REQUEST_SCHEME": "https", "SERVER_PORT": "8443"], "https://example.test:8443"),
        ("port 443 without HTTPS var", ["HTTPS": nil], "https://example.test"),
        ("port 443 with HTTPS=off", ["HTTPS": "off"], "http://example.test:443"),
        ("plain http on 80", ["HTTPS": nil, "SERVER_PORT": "80"], "http://example.test"),
        ("plain http on 8080", ["HTTPS": nil, "SERVER_PORT": "8080"], "http://example.test:8080"),
        ("HTTP_HOST wins over SERVER_NAME", ["HTTP_HOST": "Public.Example:443"], "https://public.example"),
        ("HTTP_HOST keeps a non-default port", ["HTTP_HOST": "public.example:8443"], "https://public.example:8443"),
        ("HTTP_HOST with empty port", ["HTTP_HOST": "public.example:"], "https://public.example"),
        ("HTTP_HOST IPv4", ["HTTP_HOST": "127.0.0.1:8080"], "https://127.0.0.1:8080"),
        ("HTTP_HOST IPv6", ["HTTP_HOST": "[::1]:8443"], "https://[::1]:8443"),
        ("HTTP_HOST full IPv6", ["HTTP_HOST": "[2001:db8:0:0:0:0:0:1]"], "https://[2001:db8:0:0:0:0:0:1]"),
        ("HTTP_HOST IPv6 with IPv4 tail", ["HTTP_HOST": "[::ffff:192.0.2.1]"], "https://[::ffff:192.0.2.1]"),
        ("invalid SERVER_NAME falls back to localhost", ["SERVER_NAME": "a b"], "https://localhost"),
        ("invalid SERVER_PORT is omitted", ["HTTPS": "on", "SERVER_PORT": "x"], "https://example.test"),
    ]

    @Test("scheme and host from HTTPS, REQUEST_SCHEME, SERVER_PORT, HTTP_HOST, SERVER_NAME", arguments: directCases)
    func direct(_ name: String, _ overrides: [String: String?], _ expected: String) throws {
        #expect(try request(overrides).origin(trustForwardedHeaders: false) == expected, "\(name)")
    }

    static let badHosts = [
        "evil.com/", "evil.com/path", "a b", "x@y", "user@evil.com", "evil.com\r\nX: y", "evil.com\n", "evil.com\u{0}",
        "evil.com:99999", "evil.com:0", "evil.com:-1", "evil.com:80:80", "evil.com:8o", "", "[::1", "[::1]x", "[zz::1]",
        "[1::2::3]", "e%76il.com", "evil.com?x", "evil.com#x", "evil.com\\x", "ev\"il.com", "evil.com;x",
        "évil.com", "<script>", "[v1.x]", "[1:2:3:4:5:6:7:8:9]",
    ]

    @Test("an invalid HTTP_HOST is ignored in favour of SERVER_NAME", arguments: badHosts)
    func badHost(_ host: String) throws {
        #expect(try request(["HTTP_HOST": host]).origin(trustForwardedHeaders: false) == "https://example.test")
    }

    static let forwardedCases: [(String, [String: String?], String)] = [
        ("proto and host", ["HTTPS": nil, "SERVER_PORT": "8080", "HTTP_HOST": "10.0.0.5:8080",
                            "HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "public.example"],
         "https://public.example"),
        ("last value of a list wins (one hop)", ["HTTPS": nil, "SERVER_PORT": "80",
                                                 "HTTP_X_FORWARDED_PROTO": "http, https",
                                                 "HTTP_X_FORWARDED_HOST": "evil.example, public.example"],
         "https://public.example"),
        ("forwarded http downgrades", ["HTTP_X_FORWARDED_PROTO": "https,http"], "http://example.test:443"),
        ("junk proto is ignored", ["HTTPS": nil, "SERVER_PORT": "80", "HTTP_X_FORWARDED_PROTO": "javascript"],
         "http://example.test"),
        ("invalid forwarded host falls back to HTTP_HOST", ["HTTP_HOST": "direct.example",
                                                            "HTTP_X_FORWARDED_HOST": "evil.com/x"],
         "https://direct.example"),
        ("empty last element is ignored", ["HTTP_X_FORWARDED_HOST": "public.example, "], "https://example.test"),
        ("forwarded host keeps a non-default port", ["HTTP_X_FORWARDED_HOST": "public.example:8443"],
         "https://public.example:8443"),
    ]

    @Test("with trustForwardedHeaders, one hop of X-Forwarded-Proto and X-Forwarded-Host", arguments: forwardedCases)
    func trusted(_ name: String, _ overrides: [String: String?], _ expected: String) throws {
        #expect(try request(overrides).origin(trustForwardedHeaders: true) == expected, "\(name)")
    }

    @Test("without trustForwardedHeaders, forwarded headers change nothing")
    func untrusted() throws {
        let r = try request(["HTTPS": nil, "SERVER_PORT": "80", "HTTP_HOST": "direct.example",
                             "HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "evil.example"])
        #expect(r.origin(trustForwardedHeaders: false) == "http://direct.example")
        #expect(!r.isHTTPS(trustForwardedHeaders: false))
        #expect(r.isHTTPS(trustForwardedHeaders: true))
    }
}
