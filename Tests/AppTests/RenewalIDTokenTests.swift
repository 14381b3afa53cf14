import App
import Effects
import CGI
import Encoding
import Testing

/// A renewed ID token must describe the same sign-in as the session's (OpenID Connect Core 12.2).
@Suite("Refresh: the new ID token is checked against the session")
struct RenewalIDTokenTests {
    static let authTime = JSONValue.number(Double(TestProvider.t0 - 60))
    static let clientAZP = JSONValue.string(TestProvider.clientID)

    /// (name, the sign-in ID token's extra claims, the renewed ID token's, the `cause=` that ends the session or nil).
    static let cases: [(String, [String: JSONValue], [String: JSONValue], String?)] = [
        ("nothing changed", [:], [:], nil),
        ("same auth_time and azp", ["auth_time": authTime, "azp": clientAZP], ["auth_time": authTime, "azp": clientAZP], nil),
        ("auth_time absent from the renewed token", ["auth_time": authTime], [:], nil),
        ("sub changed", [:], ["sub": .string("user-2")], "subject_changed"),
        ("iss changed", [:], ["iss": .string("https://other.test")], "iss_claim_mismatch"),
        ("auth_time changed", ["auth_time": authTime], ["auth_time": .number(Double(TestProvider.t0))], "auth_time_changed"),
        ("azp added", [:], ["azp": clientAZP], "azp_mismatch"),
        ("azp dropped", ["azp": clientAZP], [:], "azp_mismatch"),
        ("azp another client", ["azp": clientAZP], ["azp": .string("other-client")], "azp_mismatch"),
        ("our client no longer in aud", [:], ["aud": .string("other-client")], "aud_mismatch"),
    ]

    @Test("a renewal whose ID token differs ends the session with the reason", arguments: cases)
    func renewal(_ name: String, _ original: [String: JSONValue], _ renewed: [String: JSONValue], _ cause: String?) throws {
        let op = try TestProvider()
        op.idTokenOverrides = original
        let app = op.app()
        let browser = try SessionLifetimeTests.signedIn(op, app: app)
        op.tokenAnswer = { _ in
            let token = (try? op.idToken(nonce: nil, overrides: renewed)) ?? ""
            return json(.object(["token_type": .string("Bearer"), "access_token": .string("at-2"), "refresh_token": .string("rt-2"),
                                 "id_token": .string(token), "expires_in": .number(3600)]))
        }
        op.clock.now += 3700
        let r = app.respond(to: try browser.request("/"))
        if let cause {
            #expect(r.status == 302, "\(name)")
            #expect(r.location?.hasSuffix("/login") == true, "\(name)")
            #expect(r.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge == 0 }, "\(name)")
            #expect(op.log.lines.contains { $0.contains("reason=renewal_rejected") && $0.contains("cause=\(cause)") },
                    "\(name): \(op.log.lines)")
        } else {
            #expect(r.status == 200, "\(name): \(op.log.lines)")
            #expect(r.cookies.contains { $0.name.hasPrefix("__Secure-signin_session") && $0.maxAge != 0 }, "\(name)")
        }
    }
}
