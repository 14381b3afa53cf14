import CGI
import Cookies
import Testing

@Suite("Cookie chunks")
struct CookieChunksTests {
    let name = "signin_session"
    let path = "/cgi-bin/signin.cgi"

    /// A long value of cookie-octets, like a JWE.
    func value(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
        return String((0..<length).map { alphabet[($0 * 7 + $0 / 13) % alphabet.count] })
    }

    /// The Cookie header a browser would send back after applying `cookies` (expired ones removed).
    func sentBack(_ cookies: [SetCookie]) -> CookieHeader {
        CookieHeader(header: cookies.filter { $0.maxAge != 0 }.map { "\($0.name)=\($0.value)" }.joined(separator: "; "))
    }

    @Test("a value that fits is written unsplit under its own name")
    func unsplit() {
        let cookies = CookieChunks.write(name, value: value(3000), existing: CookieHeader(header: nil), path: path, secure: true, maxAge: nil)
        #expect(cookies.map(\.name) == [name])
        #expect(CookieChunks.read(name, from: sentBack(cookies)) == value(3000))
    }

    @Test("a long value is split so no Set-Cookie line exceeds 4096 bytes, and joins back",
          arguments: [4100, 9000, 20_000, 30_000])
    func split(_ length: Int) {
        let cookies = CookieChunks.write(name, value: value(length), existing: CookieHeader(header: nil), path: path, secure: true, maxAge: 3600)
        #expect(cookies.count > 1 && cookies.count <= 8)
        #expect(cookies.map(\.name) == (0..<cookies.count).map { "\(name).\($0)" })
        for cookie in cookies {
            #expect(("Set-Cookie: " + cookie.headerValue).utf8.count <= 4096)
            #expect(cookie.path == path && cookie.secure && cookie.maxAge == 3600)
        }
        #expect(CookieChunks.read(name, from: sentBack(cookies)) == value(length))
    }

    @Test("chunks are as large as the line limit allows")
    func tight() {
        let cookies = CookieChunks.write(name, value: value(9000), existing: CookieHeader(header: nil), path: path, secure: false, maxAge: nil)
        let first = ("Set-Cookie: " + cookies[0].headerValue).utf8.count
        #expect(first == 4096)
    }

    @Test("a value that would need more than 8 chunks is not written; existing cookies are expired")
    func tooMany() {
        let existing = CookieHeader(header: "\(name).0=a; \(name).1=b")
        let cookies = CookieChunks.write(name, value: value(40_000), existing: existing, path: path, secure: true, maxAge: nil)
        #expect(cookies.allSatisfy { $0.maxAge == 0 && $0.value.isEmpty })
        #expect(Set(cookies.map(\.name)) == [name, "\(name).0", "\(name).1"])
    }

    @Test("rewriting with fewer chunks expires the stale ones")
    func staleChunks() {
        let existing = CookieHeader(header: "\(name).0=a; \(name).1=b; \(name).2=c; \(name).3=d")
        let cookies = CookieChunks.write(name, value: value(6000), existing: existing, path: path, secure: true, maxAge: nil)
        #expect(cookies.filter { $0.maxAge != 0 }.map(\.name) == ["\(name).0", "\(name).1"])
        #expect(cookies.filter { $0.maxAge == 0 }.map(\.name) == ["\(name).2", "\(name).3"])
    }

    @Test("switching from chunks to one cookie expires every chunk")
    func chunksToWhole() {
        let existing = CookieHeader(header: "\(name).0=a; \(name).1=b; \(name).2=c")
        let cookies = CookieChunks.write(name, value: "short", existing: existing, path: path, secure: false, maxAge: nil)
        #expect(cookies.map(\.name) == [name, "\(name).0", "\(name).1", "\(name).2"])
        #expect(cookies.dropFirst().allSatisfy { $0.maxAge == 0 && $0.path == path })
    }

    @Test("switching from one cookie to chunks expires the unsplit name")
    func wholeToChunks() {
        let existing = CookieHeader(header: "\(name)=old")
        let cookies = CookieChunks.write(name, value: value(5000), existing: existing, path: path, secure: false, maxAge: nil)
        #expect(cookies.filter { $0.maxAge == 0 }.map(\.name) == [name])
        #expect(cookies.filter { $0.maxAge != 0 }.map(\.name) == ["\(name).0", "\(name).1"])
    }

    @Test("reading joins chunks in index order, whatever order they were sent in")
    func order() {
        let header = CookieHeader(header: "other=x; \(name).2=CC; \(name).0=AA; \(name).1=BB")
        #expect(CookieChunks.read(name, from: header) == "AABBCC")
    }

    static let unreadableHeaders: [String] = [
        "",                                                   // absent
        "signin_session.1=b; signin_session.2=c",             // no .0
        "signin_session.0=a; signin_session.2=c",             // gap
        "signin_session.0=a; signin_session.1=",              // empty chunk
        (0...8).map { "signin_session.\($0)=x" }.joined(separator: "; "),  // a ninth chunk
        "signin_session.0=a; signin_session.8=x",             // .8 present
        "signin_session=; other=1",                           // empty value
    ]

    @Test("absent, incomplete or over-long chunk sets read as nil", arguments: unreadableHeaders)
    func unreadable(_ header: String) {
        #expect(CookieChunks.read(name, from: CookieHeader(header: header)) == nil)
    }

    @Test("names that only look like chunks are ignored")
    func lookalikes() {
        let header = CookieHeader(header: "\(name).0=a; \(name).01=z; \(name).x=z; \(name)x.1=z")
        #expect(CookieChunks.read(name, from: header) == "a")
    }

    @Test("expire covers the unsplit name and every chunk seen")
    func expire() {
        let header = CookieHeader(header: "\(name).0=a; \(name).1=b; \(name).9=z; unrelated=1")
        let cookies = CookieChunks.expire(name, existing: header, path: path, secure: true)
        #expect(cookies.map(\.name) == [name, "\(name).0", "\(name).1", "\(name).9"])
        #expect(cookies.allSatisfy { $0.maxAge == 0 && $0.secure && $0.path == path })
    }
}
