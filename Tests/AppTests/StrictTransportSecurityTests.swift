import App
import CGI
import Testing

/// The router marks every response to an HTTPS request for `Strict-Transport-Security` (RFC 6797 §7.1, §7.2).
@Suite("Strict-Transport-Security from the router")
struct AppStrictTransportSecurityTests {
    static let line = "\r\nStrict-Transport-Security: max-age=31536000\r\n"

    static let https = ["HTTPS": "on", "SERVER_PORT": "443"]
    static let http: [String: String] = ["HTTPS": "off", "SERVER_PORT": "80"]

    /// Signed out `/`, a 404, a 405, the configuration-error page, and a request that does not parse (400).
    static let routes: [(String, String, Bool)] = [("/", "GET", true), ("/nope", "GET", true), ("/logout", "POST", true),
                                                   ("/", "GET", false), ("/a\u{1}b", "GET", true)]

    @Test("over HTTPS every answer carries it; over plain HTTP none does", arguments: routes)
    func everyAnswer(_ path: String, _ method: String, _ configured: Bool) throws {
        let op = try TestProvider()
        for (env, expected) in [(Self.https, true), (Self.http, false)] {
            var request = CGIProgramTests.request.merging(env) { $1 }
            request["PATH_INFO"] = path
            request["REQUEST_METHOD"] = method
            if configured { request.merge(op.environmentSettings) { $1 } }
            let out = CGIProgramTests.run(request, op: op)
            #expect(out.contains(Self.line) == expected, "\(path) \(method) \(env): \(out.prefix(300))")
        }
    }

    @Test("behind a trusted proxy, X-Forwarded-Proto: https decides")
    func forwarded() throws {
        let op = try TestProvider()
        var request = CGIProgramTests.request.merging(op.environmentSettings) { $1 }.merging(Self.http) { $1 }
        request["HTTP_X_FORWARDED_PROTO"] = "https"
        #expect(!CGIProgramTests.run(request, op: op).contains(Self.line))
        request["TRUST_FORWARDED_HEADERS"] = "yes"
        #expect(CGIProgramTests.run(request, op: op).contains(Self.line))
    }
}
