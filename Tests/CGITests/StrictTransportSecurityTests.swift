import Testing
@testable import CGI

@Suite("Strict-Transport-Security on responses over HTTPS (RFC 6797 §7.1)")
struct StrictTransportSecurityTests {
    static let line = "Strict-Transport-Security: max-age=31536000"

    @Test("set: a page and a served file each carry max-age=31536000 without includeSubDomains",
          arguments: [Response.Profile.page, .file])
    func present(_ profile: Response.Profile) {
        var response = Response(status: 200, body: Array("x".utf8), profile: profile)
        response.strictTransportSecurity = true
        let lines = ParsedOutput(response.serialized(includeBody: true)).lines
        #expect(lines.filter { $0.lowercased().hasPrefix("strict-transport-security:") } == [Self.line])
    }

    @Test("unset (plain HTTP, RFC 6797 §7.2): no Strict-Transport-Security line")
    func absent() {
        let lines = ParsedOutput(Response.html(200, "x").serialized(includeBody: true)).lines
        #expect(!lines.contains { $0.lowercased().hasPrefix("strict-transport-security") })
    }

    @Test("a caller's own Strict-Transport-Security header is dropped", arguments: [false, true])
    func callerCannotSet(_ flag: Bool) {
        var response = Response(status: 200, headers: [("strict-transport-security", "max-age=1; includeSubDomains")])
        response.strictTransportSecurity = flag
        let lines = ParsedOutput(response.serialized(includeBody: true)).lines
        #expect(lines.filter { $0.lowercased().hasPrefix("strict-transport-security") } == (flag ? [Self.line] : []))
    }
}
