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
        ("SERVER_NAME lowercased", ["SERVER_NAME": "Public.Example"], "https://public.example"),
        ("SERVER_NAME IPv4", ["SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8080"], "https://127.0.0.1:8080"),
        ("SERVER_NAME IPv6 as Apache sets it", ["SERVER_NAME": "[::1]", "SERVER_PORT": "8443"], "https://[::1]:8443"),
        ("SERVER_NAME IPv6 without brackets", ["SERVER_NAME": "::1"], "https://[::1]"),
        ("SERVER_NAME full IPv6", ["SERVER_NAME": "[2001:DB8:0:0:0:0:0:1]"], "https://[2001:db8:0:0:0:0:0:1]"),
        ("SERVER_NAME IPv6 with IPv4 tail", ["SERVER_NAME": "[::ffff:192.0.2.1]"], "https://[::ffff:192.0.2.1]"),
        ("missing SERVER_NAME: localhost", ["SERVER_NAME": nil], "https://localhost"),
        ("invalid SERVER_PORT is omitted", ["HTTPS": "on", "SERVER_PORT": "x"], "https://example.test"),
    ]

    @Test("scheme and host from HTTPS, REQUEST_SCHEME, SERVER_PORT, SERVER_NAME", arguments: directCases)
    func direct(_ name: String, _ overrides: [String: String?], _ expected: String) throws {
        #expect(try request(overrides).origin(trustForwardedHeaders: false) == expected, "\(name)")
    }

    static let hosts = ["evil.example", "evil.example:8443", "[::1]:8443", "evil.com/", "a b", "x@y", "evil.com\r\nX: y", ""]

    @Test("HTTP_HOST is never used: the server's SERVER_NAME and SERVER_PORT decide", arguments: hosts)
    func hostHeaderIgnored(_ host: String) throws {
        #expect(try request(["HTTP_HOST": host]).origin(trustForwardedHeaders: false) == "https://example.test")
        #expect(try request(["HTTP_HOST": host]).origin(trustForwardedHeaders: true) == "https://example.test")
    }

    static let badNames = [
        "evil.com/", "evil.com/path", "a b", "x@y", "user@evil.com", "evil.com\r\nX: y", "evil.com\n", "evil.com\u{0}",
        "", "[::1", "[::1]x", "[zz::1]", "[1::2::3]", "e%76il.com", "evil.com?x", "evil.com#x", "evil.com\\x",
        "ev\"il.com", "evil.com;x", "évil.com", "<script>", "[v1.x]", "[1:2:3:4:5:6:7:8:9]",
        "example.test:8443", "example.test:", "[::1]:8443", "[::1]:", "1::2::3", "::1:", "[::1:]", "[:1::2]", "[:::1]",
    ]

    /// A server sets SERVER_NAME from its configuration or from a Host it checked itself, so an invalid one is a
    /// server fault; `localhost` never names another site, so no URL we emit can point elsewhere.
    @Test("an invalid SERVER_NAME (a port included) gives localhost", arguments: badNames)
    func badServerName(_ name: String) throws {
        #expect(try request(["SERVER_NAME": name]).origin(trustForwardedHeaders: false) == "https://localhost")
    }

    static let forwardedCases: [(String, [String: String?], String)] = [
        ("proto and host", ["HTTPS": nil, "SERVER_PORT": "8080", "HTTP_X_FORWARDED_PROTO": "https",
                            "HTTP_X_FORWARDED_HOST": "public.example"],
         "https://public.example"),
        ("spaces around one value", ["HTTP_X_FORWARDED_PROTO": " https ", "HTTP_X_FORWARDED_HOST": " Public.Example "],
         "https://public.example"),
        ("forwarded http downgrades", ["HTTP_X_FORWARDED_PROTO": "http"], "http://example.test:443"),
        ("junk proto is ignored", ["HTTPS": nil, "SERVER_PORT": "80", "HTTP_X_FORWARDED_PROTO": "javascript"],
         "http://example.test"),
        ("invalid forwarded host falls back to SERVER_NAME", ["HTTP_X_FORWARDED_HOST": "evil.com/x"],
         "https://example.test"),
        ("empty forwarded host is ignored", ["HTTP_X_FORWARDED_HOST": " "], "https://example.test"),
        ("forwarded host keeps a non-default port", ["HTTP_X_FORWARDED_HOST": "public.example:8443"],
         "https://public.example:8443"),
        ("forwarded IPv6 host", ["HTTP_X_FORWARDED_HOST": "[::1]:8443"], "https://[::1]:8443"),
    ]

    @Test("with trustForwardedHeaders, a single-valued X-Forwarded-Proto and X-Forwarded-Host", arguments: forwardedCases)
    func trusted(_ name: String, _ overrides: [String: String?], _ expected: String) throws {
        #expect(try request(overrides).origin(trustForwardedHeaders: true) == expected, "\(name)")
    }

    /// A client that sends its own X-Forwarded-Host gets the proxy's value appended: two values, neither trusted.
    static let multiHopCases: [(String, [String: String?], String)] = [
        ("client host plus the proxy's", ["HTTP_X_FORWARDED_HOST": "evil.example, public.example"], "https://example.test"),
        ("proxy's host plus the client's", ["HTTP_X_FORWARDED_HOST": "public.example,evil.example"], "https://example.test"),
        ("empty element plus a host", ["HTTP_X_FORWARDED_HOST": ", public.example"], "https://example.test"),
        ("trailing comma", ["HTTP_X_FORWARDED_HOST": "public.example,"], "https://example.test"),
        ("client proto plus the proxy's", ["HTTPS": nil, "SERVER_PORT": "80", "HTTP_X_FORWARDED_PROTO": "http, https"],
         "http://example.test"),
        ("downgrade attempt", ["HTTP_X_FORWARDED_PROTO": "https,http"], "https://example.test"),
    ]

    @Test("a forwarding header with two or more values is ignored", arguments: multiHopCases)
    func multiHop(_ name: String, _ overrides: [String: String?], _ expected: String) throws {
        #expect(try request(overrides).origin(trustForwardedHeaders: true) == expected, "\(name)")
    }

    @Test("without trustForwardedHeaders, forwarded headers change nothing")
    func untrusted() throws {
        let r = try request(["HTTPS": nil, "SERVER_PORT": "80", "HTTP_X_FORWARDED_PROTO": "https",
                             "HTTP_X_FORWARDED_HOST": "evil.example"])
        #expect(r.origin(trustForwardedHeaders: false) == "http://example.test")
        #expect(!r.isHTTPS(trustForwardedHeaders: false))
        #expect(r.isHTTPS(trustForwardedHeaders: true))
    }

    @Test("isHTTPS from a bare environment agrees with the parsed request")
    func isHTTPSFromEnvironment() throws {
        for overrides: [String: String?] in [[:], ["HTTPS": "off"], ["HTTPS": nil, "SERVER_PORT": "80", "HTTP_X_FORWARDED_PROTO": "https"]] {
            for trust in [false, true] {
                #expect(Request.isHTTPS(environment: Environment(environment(overrides)), trustForwardedHeaders: trust)
                        == (try request(overrides).isHTTPS(trustForwardedHeaders: trust)))
            }
        }
    }
}

@Suite("HostName.validPort")
struct ValidPortTests {
    @Test("1 to 5 digits, 1 to 65535, returned without leading zeros",
          arguments: [("443", "443"), ("08443", "8443"), ("00001", "1"), ("65535", "65535"), ("1", "1"), ("10", "10")])
    func valid(_ text: String, _ port: String) {
        #expect(HostName.validPort(text) == port)
    }

    @Test("anything else is refused", arguments: ["", "0", "00000", "65536", "123456", "-1", "+80", "8a", " 80", "８０"])
    func invalid(_ text: String) {
        #expect(HostName.validPort(text) == nil)
    }
}
