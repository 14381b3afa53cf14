import Testing
@testable import CGI

@Suite("CookieHeader: RFC 6265 §5.4, tolerant of junk")
struct CookieHeaderTests {
    @Test("parses pairs and trims whitespace around names and values")
    func basics() {
        let c = CookieHeader(header: "a=1;  b = 2 ;c=")
        #expect(c.names == ["a", "b", "c"])
        #expect(c.first("a") == "1")
        #expect(c.first("b") == "2")
        #expect(c.first("c") == "")
        #expect(c.first("d") == nil)
    }

    @Test("ignores pairs without '=' and pairs with an empty name")
    func junk() {
        let c = CookieHeader(header: "junk; =empty; ;;  ; session=abc; =; novalue")
        #expect(c.names == ["session"])
        #expect(c.first("session") == "abc")
    }

    @Test("keeps duplicates in order; first returns the first")
    func duplicates() {
        let c = CookieHeader(header: "s=one; t=x; s=two")
        #expect(c.first("s") == "one")
        #expect(c.all("s") == ["one", "two"])
        #expect(c.names == ["s", "t", "s"])
    }

    @Test("unquotes a double-quoted value and keeps '=' inside values")
    func quotedAndEquals() {
        let c = CookieHeader(header: "q=\"v a l\"; jwe=aa.bb==.cc; lone=\"")
        #expect(c.first("q") == "v a l")
        #expect(c.first("jwe") == "aa.bb==.cc")
        #expect(c.first("lone") == "\"")
    }

    @Test("an absent or empty header has no cookies", arguments: [nil, "", ";;;", "   "] as [String?])
    func empty(_ header: String?) {
        #expect(CookieHeader(header: header).names.isEmpty)
    }

    @Test("hundreds of cookies are capped at maxCount, keeping the first")
    func manyCookies() {
        let header = (0..<1000).map { "c\($0)=v\($0)" }.joined(separator: "; ")
        let c = CookieHeader(header: header)
        #expect(c.names.count == CookieHeader.maxCount)
        #expect(c.first("c0") == "v0")
        #expect(c.first("c299") == "v299")
        #expect(c.first("c300") == nil)
    }

    @Test("a header longer than maxBytes is parsed only up to the cap")
    func hugeHeader() {
        let big = String(repeating: "x", count: CookieHeader.maxBytes)
        let c = CookieHeader(header: "first=1; huge=\(big); after=2")
        #expect(c.first("first") == "1")
        #expect(c.first("huge") == nil)
        #expect(c.first("after") == nil)
    }

    @Test("a request keeps junk cookies without failing")
    func requestWithJunk() throws {
        let r = try request(["HTTP_COOKIE": "=; ;\u{1}; a; b=\"; signin.0=x\r\ny; c=ü"])
        #expect(r.cookies.first("c") == "ü")
        #expect(r.cookies.first("signin.0") == "x\r\ny")
    }
}
