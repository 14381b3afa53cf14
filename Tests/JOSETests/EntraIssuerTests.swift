import Encoding
import JOSE
import Testing

private typealias F = TokenFactory

private let tid = "72f988bf-86f1-41af-91ab-2d7cd011db47"
private let otherTID = "9188040d-6c67-4c5b-b112-36a304b66dad"

private func validate(_ validator: IDTokenValidator, _ edit: @escaping (inout [String: JSONValue]) -> Void) throws(JOSEError) -> IDTokenClaims {
    let token: String
    do { token = try F.token(claims: F.claims(edit)) } catch { fatalError("signing: \(error)") }
    let keys: JWKSet
    do { keys = try F.keys() } catch { fatalError("keys: \(error)") }
    return try validator.validate(token, keys: keys, nonce: F.nonce, now: F.now)
}

@Suite("Entra issuers: the {tenantid} template and v1.0 tokens")
struct EntraIssuerTests {
    static let template = IDTokenValidator(issuer: "https://127.0.0.1:8443/{tenantid}/v2.0", clientID: F.clientID)
    static let v2 = IDTokenValidator(issuer: "https://login.microsoftonline.com/\(tid)/v2.0", clientID: F.clientID)

    @Test("with the template, a token's iss must carry its own tid")
    func templateTakesTheTokensTid() throws {
        let claims = try validate(Self.template) { $0["iss"] = .string("https://127.0.0.1:8443/\(tid)/v2.0"); $0["tid"] = .string(tid) }
        #expect(claims.tid == tid)
        #expect(throws: JOSEError.claim("iss", "does not match the provider's issuer")) {
            try validate(Self.template) { $0["iss"] = .string("https://127.0.0.1:8443/\(otherTID)/v2.0"); $0["tid"] = .string(tid) }
        }
        #expect(throws: JOSEError.claim("tid", "not a tenant GUID")) {
            try validate(Self.template) { $0["iss"] = .string("https://127.0.0.1:8443/\(tid)/v2.0") }
        }
        #expect(throws: JOSEError.claim("tid", "not a tenant GUID")) {
            try validate(Self.template) { $0["iss"] = .string("https://127.0.0.1:8443/contoso/v2.0"); $0["tid"] = .string("contoso") }
        }
    }

    @Test("a v1.0 token is refused as such", arguments: ["https://sts.windows.net/\(tid)/", "https://sts.chinacloudapi.cn/\(tid)/"])
    func v1Token(_ iss: String) {
        #expect(EntraV1Issuer.matches(iss))
        #expect(throws: JOSEError.v1Token) { try validate(Self.v2) { $0["iss"] = .string(iss); $0["tid"] = .string(tid); $0["ver"] = .string("1.0") } }
        #expect(throws: JOSEError.v1Token) { try validate(Self.template) { $0["iss"] = .string(iss); $0["tid"] = .string(tid) } }
    }

    @Test("other issuers that only look like v1.0 ones are plain iss mismatches",
          arguments: ["https://sts.windows.net/contoso/", "https://sts.windows.net/\(tid)", "https://sts.windows.net.evil.com/\(tid)/",
                      "https://sts.windows.net/{tenantid}/", "http://sts.windows.net/\(tid)/"])
    func notV1(_ iss: String) {
        #expect(!EntraV1Issuer.matches(iss))
        #expect(throws: JOSEError.claim("iss", "does not match the provider's issuer")) {
            try validate(Self.v2) { $0["iss"] = .string(iss); $0["tid"] = .string(tid) }
        }
    }

    @Test("a provider whose own issuer is the v1.0 one is not refused for it; ver alone decides nothing")
    func v1IssuerConfigured() throws {
        let v1 = IDTokenValidator(issuer: "https://sts.windows.net/\(tid)/", clientID: F.clientID)
        _ = try validate(v1) { $0["iss"] = .string("https://sts.windows.net/\(tid)/"); $0["ver"] = .string("1.0") }
        // Azure AD B2C ID tokens say ver 1.0 under a v2.0 issuer.
        _ = try validate(Self.v2) { $0["iss"] = .string("https://login.microsoftonline.com/\(tid)/v2.0"); $0["ver"] = .string("1.0") }
    }
}
