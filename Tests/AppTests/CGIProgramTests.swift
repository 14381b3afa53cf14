import App
import CGI
import Testing

/// The whole CGI pass as the binary runs it, with fakes for the outside world.
@Suite("CGI program")
struct CGIProgramTests {
    static let request = ["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "SCRIPT_NAME": "/cgi-bin/signin.cgi",
                          "PATH_INFO": "/", "HTTPS": "on", "SERVER_NAME": "example.test", "SERVER_PORT": "443"]

    static func run(_ env: [String: String], op: TestProvider) -> String {
        let settings = SettingsLoader.load(environment: env, readFile: { _ in nil })
        let services = Services(http: op.http, cache: op.cache, clock: op.clock, random: CountingRandom(), log: op.log)
        return String(decoding: CGIProgram.respond(environment: env, settings: settings, services: services, readBody: { _ in [] }), as: UTF8.self)
    }

    @Test("missing settings give the configuration-error page naming them, with no value")
    func configurationError() throws {
        let op = try TestProvider()
        let out = Self.run(Self.request.merging(["CLIENT_SECRET": "hunter2-secret"]) { $1 }, op: op)
        #expect(out.hasPrefix("Status: 500"))
        #expect(out.contains("CLIENT_ID"))
        #expect(out.contains("SESSION_SECRET"))
        #expect(!out.contains("hunter2-secret"))
        #expect(op.log.lines.count == 1)
    }

    @Test("configured and signed out: 302 to the absolute login URL")
    func signedOut() throws {
        let op = try TestProvider()
        let out = Self.run(Self.request.merging(op.environmentSettings) { $1 }, op: op)
        #expect(out.hasPrefix("Status: 302"))
        #expect(out.contains("Location: https://example.test/cgi-bin/signin.cgi/login\r\n"))
    }

    @Test("HEAD answers like GET without a body")
    func head() throws {
        let op = try TestProvider()
        let out = Self.run(Self.request.merging(op.environmentSettings) { $1 }.merging(["REQUEST_METHOD": "HEAD", "PATH_INFO": "/nope"]) { $1 }, op: op)
        #expect(out.hasPrefix("Status: 404"))
        #expect(out.hasSuffix("\r\n\r\n"))
    }

    @Test("other methods get 405 with Allow")
    func methodNotAllowed() throws {
        let op = try TestProvider()
        let out = Self.run(Self.request.merging(op.environmentSettings) { $1 }.merging(["REQUEST_METHOD": "DELETE"]) { $1 }, op: op)
        #expect(out.hasPrefix("Status: 405"))
        #expect(out.contains("Allow: GET, HEAD"))
    }

    @Test("a tampered session cookie is treated as signed out and expired")
    func tamperedCookie() throws {
        let op = try TestProvider()
        let env = Self.request.merging(op.environmentSettings) { $1 }.merging(["HTTP_COOKIE": "__Secure-signin_session=eyJhbGciOiJkaXIifQ..AAAA.BBBB.CCCC"]) { $1 }
        let out = Self.run(env, op: op)
        #expect(out.hasPrefix("Status: 302"))
        #expect(out.contains("Set-Cookie: __Secure-signin_session=; "))
        #expect(op.log.lines.contains { $0.hasPrefix("session rejected") })
    }
}
