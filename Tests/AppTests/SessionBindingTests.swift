@testable import App
import Crypto
import CGI
import Cookies
import Encoding
import FoundationEssentials
import Testing

/// A session cookie counts only when this deployment made it: our key, the `session` purpose, our client id, an
/// issuer our authority accepts (README "Cookies"). Each row seals an otherwise valid session that breaks one rule.
@Suite("Session binding")
struct SessionBindingTests {
    enum Forgery: String, CaseIterable, CustomTestStringConvertible {
        case loginPurpose, otherClient, otherIssuer, otherSecret
        var testDescription: String { rawValue }
        var reason: String {
            switch self {
            case .loginPurpose: return "session_wrong_purpose"
            case .otherClient: return "session_other_client"
            case .otherIssuer: return "session_other_issuer"
            case .otherSecret: return "session_other_key"
            }
        }
    }

    static func sealed(_ session: Session, purpose: CookiePurpose, secret: [UInt8]) throws -> String {
        let vault = try #require(VaultKeys(current: secret, previous: []).vault)
        let payload = session.json
        return try vault.seal(payload, purpose: purpose, expiresAt: session.exp, compress: true, iv: try SecureRandom.bytes(16))
    }

    @Test("a valid session of this deployment is accepted (the rows below differ from it in one thing only)")
    func control() throws {
        let op = try TestProvider()
        let now = op.clock.now
        let session = Session(iss: TestProvider.issuer, sub: "ada", aud: TestProvider.clientID, claims: ["name": .string("Ada")],
                              idExp: now + 3600, created: now, seen: now, exp: now + 86400)
        var browser = Browser()
        browser.jar = ["__Secure-signin_session": try Self.sealed(session, purpose: .session, secret: Array(Base64.decodeLenient(TestProvider.secret)!))]
        #expect(op.app().respond(to: try browser.request("/")).status == 200)
    }

    @Test("a session made elsewhere or for another purpose is no session", arguments: Forgery.allCases)
    func refused(_ forgery: Forgery) throws {
        let op = try TestProvider()
        let now = op.clock.now
        var secret = Array(Base64.decodeLenient(TestProvider.secret)!)
        var session = Session(iss: TestProvider.issuer, sub: "ada", aud: TestProvider.clientID, claims: ["name": .string("Ada")],
                              idExp: now + 3600, created: now, seen: now, exp: now + 86400)
        var purpose = CookiePurpose.session
        switch forgery {
        case .loginPurpose: purpose = .loginState
        case .otherClient: session.aud = "another-app"
        case .otherIssuer: session.iss = "https://tenant-b.op.test"
        case .otherSecret: secret = Array(repeating: 9, count: 32)
        }
        var browser = Browser()
        browser.jar = ["__Secure-signin_session": try Self.sealed(session, purpose: purpose, secret: secret)]
        let response = op.app().respond(to: try browser.request("/"))
        #expect(response.status == 302)
        #expect(response.cookies.contains { $0.name == "__Secure-signin_session" && $0.maxAge == 0 })
        #expect(op.log.lines.contains { $0.contains("reason=\(forgery.reason)") }, "\(op.log.lines)")
    }

    @Test("over HTTPS an unprefixed session cookie (plantable from plain HTTP or a sibling domain) is ignored")
    func unprefixedIgnored() throws {
        let op = try TestProvider()
        let now = op.clock.now
        let session = Session(iss: TestProvider.issuer, sub: "ada", aud: TestProvider.clientID, claims: [:],
                              idExp: now + 3600, created: now, seen: now, exp: now + 86400)
        var browser = Browser()
        browser.jar = ["signin_session": try Self.sealed(session, purpose: .session, secret: Array(Base64.decodeLenient(TestProvider.secret)!))]
        #expect(op.app().respond(to: try browser.request("/")).status == 302)
    }
}
