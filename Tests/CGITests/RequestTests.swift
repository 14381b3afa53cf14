import Testing
@testable import CGI

@Suite("Request: reading the CGI environment (RFC 3875 §4)")
struct RequestTests {
    @Test("reads method, SCRIPT_NAME and PATH_INFO once")
    func readsBasics() throws {
        let r = try request(["REQUEST_METHOD": "HEAD", "PATH_INFO": "/login", "HTTP_USER_AGENT": "curl/8"])
        #expect(r.method == "HEAD")
        #expect(r.scriptName == "/cgi-bin/signin.cgi")
        #expect(r.pathInfo == "/login")
    }

    @Test("an absent PATH_INFO is the empty string")
    func absentPathInfo() throws {
        #expect(try request(["PATH_INFO": nil]).pathInfo == "")
    }

    @Test("decodes the query as form-urlencoded text and keeps duplicates in order")
    func queryDuplicates() throws {
        let r = try request(["QUERY_STRING": "code=a%2Bb&state=x+y&state=z&flag"])
        #expect(r.query.first("code") == "a+b")
        #expect(r.query.first("state") == "x y")
        #expect(r.query.all("state") == ["x y", "z"])
        #expect(r.query.isDuplicated("state"))
        #expect(!r.query.isDuplicated("code"))
        #expect(r.query.first("flag") == "")
        #expect(r.query.first("missing") == nil)
    }

    static let rejected: [(String, [String: String?], String)] = [
        ("CR LF in PATH_INFO", ["PATH_INFO": "/x\r\nSet-Cookie: a=b"], "control character in PATH_INFO"),
        ("LF in PATH_INFO", ["PATH_INFO": "/x\nLocation: https://evil"], "control character in PATH_INFO"),
        ("NUL in PATH_INFO", ["PATH_INFO": "/x\u{0}"], "control character in PATH_INFO"),
        ("TAB in PATH_INFO", ["PATH_INFO": "/\tx"], "control character in PATH_INFO"),
        ("DEL in PATH_INFO", ["PATH_INFO": "/\u{7F}"], "control character in PATH_INFO"),
        ("C1 control in PATH_INFO", ["PATH_INFO": "/\u{85}"], "control character in PATH_INFO"),
        ("ESC in PATH_INFO", ["PATH_INFO": "/\u{1B}[31m"], "control character in PATH_INFO"),
        ("CR in SCRIPT_NAME", ["SCRIPT_NAME": "/cgi-bin/s\r.cgi"], "control character in SCRIPT_NAME"),
        ("invalid UTF-8 in PATH_INFO", ["PATH_INFO": "/\u{FFFD}"], "invalid UTF-8 in PATH_INFO"),
        ("invalid UTF-8 in SCRIPT_NAME", ["SCRIPT_NAME": "/\u{FFFD}"], "invalid UTF-8 in SCRIPT_NAME"),
        ("over-long PATH_INFO", ["PATH_INFO": "/" + String(repeating: "a", count: 1024)], "PATH_INFO too long"),
        ("over-long QUERY_STRING", ["QUERY_STRING": "a=" + String(repeating: "b", count: 8191)], "QUERY_STRING too long"),
        ("truncated escape in query", ["QUERY_STRING": "state=%4"], "malformed QUERY_STRING"),
        ("non-hex escape in query", ["QUERY_STRING": "state=%zz"], "malformed QUERY_STRING"),
        ("escape decoding to invalid UTF-8", ["QUERY_STRING": "state=%ff"], "malformed QUERY_STRING"),
        ("missing method", ["REQUEST_METHOD": nil], "missing REQUEST_METHOD"),
        ("method with a space", ["REQUEST_METHOD": "GET /"], "malformed REQUEST_METHOD"),
        ("method with CR LF", ["REQUEST_METHOD": "GET\r\nX: y"], "malformed REQUEST_METHOD"),
        ("non-numeric CONTENT_LENGTH", ["REQUEST_METHOD": "POST", "CONTENT_LENGTH": "12abc"], "malformed CONTENT_LENGTH"),
        ("negative CONTENT_LENGTH", ["REQUEST_METHOD": "POST", "CONTENT_LENGTH": "-1"], "malformed CONTENT_LENGTH"),
        ("signed CONTENT_LENGTH", ["REQUEST_METHOD": "POST", "CONTENT_LENGTH": "+5"], "malformed CONTENT_LENGTH"),
        ("spaced CONTENT_LENGTH", ["REQUEST_METHOD": "POST", "CONTENT_LENGTH": " 5"], "malformed CONTENT_LENGTH"),
    ]

    @Test("refuses malformed input at the boundary with a bad request", arguments: rejected)
    func rejects(_ name: String, _ overrides: [String: String?], _ reason: String) {
        #expect(parseError(overrides) == .badRequest(reason), "\(name)")
    }

    @Test("accepts a PATH_INFO of exactly 1024 bytes and a query of exactly 8 KiB")
    func limitsAreInclusive() throws {
        let path = "/" + String(repeating: "a", count: 1023)
        #expect(try request(["PATH_INFO": path]).pathInfo == path)
        let query = "a=" + String(repeating: "b", count: 8190)
        #expect(try request(["QUERY_STRING": query]).query.first("a")?.count == 8190)
    }

    @Test("keeps non-ASCII UTF-8 in PATH_INFO")
    func unicodePath() throws {
        #expect(try request(["PATH_INFO": "/ünï"]).pathInfo == "/ünï")
    }
}
