import Encoding
import Testing
@testable import CGI

/// `ReturnPath`: a path on this site only (RFC 3986 §4.2 network-path references and WHATWG URL's tab/newline
/// removal and `\` handling are what a browser would turn into another host).
@Suite("ReturnPath: where to go after sign-in")
struct ReturnPathTests {
    static let accepted = [
        "/", "/cgi-bin/signin.cgi/", "/cgi-bin/signin.cgi/files/report.pdf", "/a?b=c&d=e", "/a#frag", "/%2F%2Fevil.test",
        "/%5Cevil.test", "/a//b", "/https://evil.test", "/@evil.test", "/.evil.test", "/;@evil.test", "/a/../../b",
        "/~user/!$&'()*+,;=:@", "/" + String(repeating: "a", count: ReturnPath.maxBytes - 1),
    ]

    @Test("paths on this site are kept as given", arguments: accepted)
    func accepts(_ path: String) {
        #expect(ReturnPath.validate(path) == .success(path))
    }

    static let refused: [(String, ReturnPath.Refusal)] = [
        ("", .empty),
        ("/" + String(repeating: "a", count: ReturnPath.maxBytes), .tooLong),
        ("https://evil.test/", .notAPath), ("http://evil.test", .notAPath), ("javascript:alert(1)", .notAPath),
        ("data:text/html,<script>alert(1)</script>", .notAPath), ("evil.test", .notAPath), ("\\\\evil.test", .notAPath),
        ("%2F%2Fevil.test", .notAPath), (" /a", .notAPath), ("\t//evil.test", .notAPath), ("?next=/", .notAPath),
        ("//evil.test", .networkPath), ("///evil.test", .networkPath), ("//", .networkPath), ("/\\evil.test", .networkPath),
        ("/\\/evil.test", .networkPath),
        ("/\t/evil.test", .badByte), ("/\n/evil.test", .badByte), ("/\r\n/evil.test", .badByte), ("/ /evil.test", .badByte),
        ("/a b", .badByte), ("/a\u{0}b", .badByte), ("/a\u{7F}", .badByte), ("/caf\u{E9}", .badByte),
        ("/\u{FF0F}\u{FF0F}evil.test", .badByte), ("/a\\b", .badByte), ("/a/\\evil.test", .badByte),
    ]

    @Test("anything that is not a plain path on this site is refused, with the reason", arguments: refused)
    func refuses(_ text: String, _ why: ReturnPath.Refusal) {
        #expect(ReturnPath.validate(text) == .failure(why))
    }

    @Test("Percent.encodePath writes a decoded request path back so it decodes to the same path, and is itself accepted",
          arguments: [("/cgi-bin/signin.cgi/files/a b?c#d%", "/cgi-bin/signin.cgi/files/a%20b%3Fc%23d%25"),
                      ("/files/caf\u{E9}", "/files/caf%C3%A9"), ("/files//evil.test", "/files//evil.test"),
                      ("/files/\\evil", "/files/%5Cevil"), ("/files/~!$&'()*+,;=:@", "/files/~!$&'()*+,;=:@")])
    func encode(_ path: String, _ expected: String) {
        #expect(Percent.encodePath(path) == expected)
        #expect(ReturnPath.validate(expected) == .success(expected))
    }
}
