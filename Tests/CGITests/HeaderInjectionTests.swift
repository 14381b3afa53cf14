import Testing
@testable import CGI

/// Proves that no input placed anywhere in a `Response` can add or split a header line (RFC 9110 §5.5, RFC 3875 §6).
@Suite("Response: no input can inject a header")
struct HeaderInjectionTests {
    /// Every control byte, DEL, a C1 control, Unicode line separators, and classic CRLF payloads.
    static let payloads: [String] = (0..<0x20).map { "a" + String(Unicode.Scalar(UInt8($0))) + "Injected: 1" }
        + ["a\u{7F}Injected: 1", "a\u{85}Injected: 1", "a\u{2028}Injected: 1", "a\u{2029}Injected: 1",
           "a\r\nInjected: 1", "a\r\n\r\n<html>", "a\nInjected: 1", "a\rInjected: 1", "\r\nInjected: 1",
           "a\r\n Injected: 1", "ü\r\nInjected: 1", "a\u{0}\r\nInjected: 1"]

    /// The serialized head is printable ASCII lines ended by CRLF, with a fixed set of names and no "Injected" line.
    static func assertSafe(_ response: Response, allowedNames: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = response.serialized(includeBody: true)
        let out = ParsedOutput(bytes)
        for (i, b) in out.head.enumerated() {
            if b == 13 {
                #expect(i + 1 < out.head.count && out.head[i + 1] == 10, "bare CR in head", sourceLocation: sourceLocation)
            } else if b == 10 {
                #expect(i > 0 && out.head[i - 1] == 13, "bare LF in head", sourceLocation: sourceLocation)
            } else {
                #expect(b >= 0x20 && b <= 0x7E, "byte \(b) in head", sourceLocation: sourceLocation)
            }
        }
        for line in out.lines {
            #expect(!line.hasPrefix("Injected"), "injected line: \(line)", sourceLocation: sourceLocation)
            #expect(!line.hasPrefix(" ") && !line.hasPrefix("\t"), "continuation line: \(line)", sourceLocation: sourceLocation)
            let name = String(line.split(separator: ":", maxSplits: 1).first ?? "")
            #expect(allowedNames.contains(name), "unexpected header \(name)", sourceLocation: sourceLocation)
        }
        #expect(out.values("Content-Length") == [String(response.body.count)], sourceLocation: sourceLocation)
    }

    static let baseNames: Set<String> = ["Status", "Content-Type", "Content-Length", "Cache-Control", "Pragma",
                                         "Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options",
                                         "X-Frame-Options"]

    @Test("a hostile header value is dropped", arguments: payloads)
    func headerValue(_ payload: String) {
        var r = Response.html(400, "x")
        r.headers = [("X-Reason", payload), ("Content-Type", payload)]
        Self.assertSafe(r, allowedNames: Self.baseNames)
        #expect(ParsedOutput(r.serialized(includeBody: true)).values("Content-Type") == ["text/html; charset=utf-8"])
    }

    @Test("a hostile header name is dropped", arguments: payloads + ["X Y", "X:Y", "", "Ü"])
    func headerName(_ payload: String) {
        var r = Response.html(200, "x")
        r.headers = [(payload, "v")]
        Self.assertSafe(r, allowedNames: Self.baseNames)
    }

    @Test("a hostile Location is percent-encoded, never split", arguments: payloads)
    func location(_ payload: String) {
        Self.assertSafe(Response.redirect("https://e.test/" + payload), allowedNames: Self.baseNames.union(["Location"]))
        var r = Response.html(302, "")
        r.headers = [("Location", payload)]
        Self.assertSafe(r, allowedNames: Self.baseNames.union(["Location"]))
    }

    @Test("a hostile cookie name, value or path is never written", arguments: payloads)
    func cookie(_ payload: String) {
        var r = Response.html(200, "x")
        r.cookies = [SetCookie(name: payload, value: "v", path: "/", maxAge: nil, secure: true),
                     SetCookie(name: "n", value: payload, path: "/", maxAge: nil, secure: true),
                     SetCookie(name: "n", value: "v", path: "/" + payload, maxAge: 0, secure: true)]
        Self.assertSafe(r, allowedNames: Self.baseNames)
        #expect(ParsedOutput(r.serialized(includeBody: true)).values("Set-Cookie").isEmpty)
    }

    @Test("every single Unicode scalar below U+0100 in every field keeps the head intact")
    func everyScalar() {
        for v in UInt32(0)..<0x100 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let s = "x" + String(scalar) + "y"
            var r = Response.redirect("https://e.test/" + s)
            r.headers.append(("X-Test", s))
            r.cookies = [SetCookie(name: s, value: s, path: "/" + s, maxAge: 1, secure: false)]
            Self.assertSafe(r, allowedNames: Self.baseNames.union(["Location", "X-Test", "Set-Cookie"]))
        }
    }

    @Test("an already percent-encoded CR LF is plain text and stays on its own line")
    func encodedPayload() {
        var r = Response.html(200, "x")
        r.headers = [("X-Reason", "a%0d%0aInjected: 1")]
        Self.assertSafe(r, allowedNames: Self.baseNames.union(["X-Reason"]))
        #expect(ParsedOutput(r.serialized(includeBody: true)).values("X-Reason") == ["a%0d%0aInjected: 1"])
    }

    @Test("a body full of CR LF does not change the head")
    func body() {
        let r = Response.html(200, "\r\nInjected: 1\r\n\r\n")
        Self.assertSafe(r, allowedNames: Self.baseNames)
    }
}
