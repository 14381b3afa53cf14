import OIDC
import Testing

private func parse(_ status: Int, _ json: String) throws(OIDCError) -> TokenResponse {
    try TokenResponse.parse(status: status, body: Array(json.utf8))
}

@Suite("Token responses (RFC 6749 §5.1, §5.2)")
struct TokenResponseTests {
    @Test("a 200 Bearer answer yields its tokens")
    func success() throws {
        let r = try parse(200, #"{"token_type":"Bearer","access_token":"at","refresh_token":"rt","id_token":"a.b.c","scope":"openid User.Read","expires_in":3599}"#)
        #expect(r.accessToken == "at")
        #expect(r.refreshToken == "rt")
        #expect(r.idToken == "a.b.c")
        #expect(r.scope == "openid User.Read")
        #expect(r.tokenType == "Bearer")
        #expect(r.expiresIn == 3599)
    }

    @Test("token_type is case-insensitive and expires_in may be a numeric string")
    func lenientForms() throws {
        let r = try parse(200, #"{"token_type":"bearer","access_token":"at","expires_in":"3600"}"#)
        #expect(r.expiresIn == 3600)
        #expect(r.idToken == nil && r.refreshToken == nil)
    }

    @Test("error JSON is tokenError with code and description", arguments: [400, 401])
    func errorAnswer(_ status: Int) {
        #expect(throws: OIDCError.tokenError(code: "invalid_grant", description: "AADSTS70008: <b>expired</b>")) {
            try parse(status, #"{"error":"invalid_grant","error_description":"AADSTS70008: <b>expired</b>"}"#)
        }
        #expect(throws: OIDCError.tokenError(code: "invalid_client", description: nil)) {
            try parse(status, #"{"error":"invalid_client"}"#)
        }
    }

    static let bad: [(String, Int, String)] = [
        ("HTML error page", 500, "<html>Bad gateway</html>"),
        ("non-JSON 200", 200, "access_token=at"),
        ("JSON array", 200, "[]"),
        ("403 without error", 403, #"{"message":"no"}"#),
        ("no token_type", 200, #"{"access_token":"at"}"#),
        ("token_type MAC", 200, #"{"token_type":"mac","access_token":"at"}"#),
        ("no access_token", 200, #"{"token_type":"Bearer","id_token":"a.b.c"}"#),
        ("empty access_token", 200, #"{"token_type":"Bearer","access_token":""}"#),
        ("id_token a number", 200, #"{"token_type":"Bearer","access_token":"at","id_token":5}"#),
        ("expires_in 1e300", 200, #"{"token_type":"Bearer","access_token":"at","expires_in":1e300}"#),
        ("expires_in negative", 200, #"{"token_type":"Bearer","access_token":"at","expires_in":-5}"#),
        ("expires_in fractional string", 200, #"{"token_type":"Bearer","access_token":"at","expires_in":"36.5"}"#),
        ("expires_in an object", 200, #"{"token_type":"Bearer","access_token":"at","expires_in":{}}"#),
        ("access_token twice", 200, #"{"token_type":"Bearer","access_token":"at","access_token":"other"}"#),
        ("id_token twice, one escaped", 200, #"{"token_type":"Bearer","access_token":"at","id_token":"a.b.c","id\u005ftoken":"d.e.f"}"#),
        ("error twice", 400, #"{"error":"invalid_grant","error":"invalid_client"}"#),
    ]

    @Test("anything else is badTokenResponse", arguments: bad)
    func refuses(_ name: String, _ status: Int, _ body: String) {
        do {
            _ = try parse(status, body)
            Issue.record("accepted: \(name)")
        } catch {
            guard case .badTokenResponse = error else { Issue.record("\(name): \(error)"); return }
        }
    }

    @Test("an oversize answer is refused unread")
    func oversize() {
        let body = Array(#"{"token_type":"Bearer","access_token":""#.utf8) + [UInt8](repeating: 0x61, count: TokenResponse.maxBytes)
            + Array(#""}"#.utf8)
        #expect(throws: OIDCError.badTokenResponse("answer larger than \(TokenResponse.maxBytes) bytes")) {
            try TokenResponse.parse(status: 200, body: body)
        }
    }
}
