import Testing
@testable import CGI

@Suite("SetCookie: RFC 6265 §4.1 attributes")
struct SetCookieTests {
    @Test("a secure session cookie")
    func sessionCookie() {
        let c = SetCookie(name: "signin", value: "abc.def", path: "/cgi-bin/signin.cgi", maxAge: nil, secure: true)
        #expect(c.headerValue == "signin=abc.def; Path=/cgi-bin/signin.cgi; Secure; HttpOnly; SameSite=Lax")
    }

    @Test("Max-Age=0 expires at the epoch")
    func expired() {
        let c = SetCookie.expired(name: "signin.1", path: "/p", secure: false)
        #expect(c.headerValue == "signin.1=; Path=/p; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax")
    }

    @Test("a positive Max-Age without an expiry time writes Max-Age only")
    func maxAgeOnly() {
        let c = SetCookie(name: "l", value: "v", path: "/", maxAge: 600, secure: false)
        #expect(c.headerValue == "l=v; Path=/; Max-Age=600; HttpOnly; SameSite=Lax")
    }

    @Test("IMF-fixdate across leap years and centuries", arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (Int64(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT"),
        (Int64(1_709_164_799), "Wed, 28 Feb 2024 23:59:59 GMT"),
        (Int64(4_107_542_400), "Mon, 01 Mar 2100 00:00:00 GMT"),
        (Int64(-5), "Thu, 01 Jan 1970 00:00:00 GMT"),
    ])
    func imfFixdate(_ seconds: Int64, _ expected: String) {
        #expect(HTTPDate.imfFixdate(seconds) == expected)
    }

    @Test("a cookie whose name, value or path could break the header is not writable", arguments: [
        SetCookie(name: "a b", value: "v", path: "/", maxAge: nil, secure: true),
        SetCookie(name: "", value: "v", path: "/", maxAge: nil, secure: true),
        SetCookie(name: "a=b", value: "v", path: "/", maxAge: nil, secure: true),
        SetCookie(name: "a", value: "v; Domain=evil", path: "/", maxAge: nil, secure: true),
        SetCookie(name: "a", value: "v\r\nX: y", path: "/", maxAge: nil, secure: true),
        SetCookie(name: "a", value: "\"q\"", path: "/", maxAge: nil, secure: true),
        SetCookie(name: "a", value: "v", path: "/; Domain=evil", maxAge: nil, secure: true),
        SetCookie(name: "a", value: "v", path: "/\n", maxAge: nil, secure: true),
        SetCookie(name: "a", value: "v", path: "", maxAge: nil, secure: true),
    ])
    func notWritable(_ cookie: SetCookie) {
        #expect(!cookie.isWritable)
    }

    @Test("a JWE value is writable")
    func jweWritable() {
        let c = SetCookie(name: "signin.0", value: "eyJh.eyJ-_.abc_-.xyz.tag", path: "/cgi-bin/signin.cgi", maxAge: 0, secure: true)
        #expect(c.isWritable)
    }
}
