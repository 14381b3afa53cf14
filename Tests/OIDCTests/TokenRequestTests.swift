import Encoding
import OIDC
import Testing

private typealias S = Support

private func header(_ name: String, _ request: TokenRequest) -> String? {
    request.headers.first { $0.0.lowercased() == name.lowercased() }?.1
}

private func form(_ request: TokenRequest) -> [(String, String)] {
    Percent.formDecode(String(decoding: request.body, as: UTF8.self)) ?? []
}

private func code(methods: [String], secret: String? = "s3cret") -> TokenRequest {
    TokenRequest.authorizationCode(metadata: S.metadata(methods: methods), clientID: "client-1", clientSecret: secret,
                                   code: "the code", redirectURI: "https://app.example.com/cb", codeVerifier: "verifier-1")
}

@Suite("Token requests (RFC 6749 §4.1.3, §6, §2.3.1)")
struct TokenRequestTests {
    @Test("authorization code: form body, content type, accept, token endpoint")
    func authorizationCode() {
        let request = code(methods: [])
        #expect(request.url == "https://idp.example.com/token")
        #expect(header("Content-Type", request) == "application/x-www-form-urlencoded")
        #expect(header("Accept", request) == "application/json")
        let body = form(request)
        #expect(S.names(body) == ["grant_type", "code", "redirect_uri", "code_verifier", "client_id"])
        #expect(S.value("grant_type", body) == "authorization_code")
        #expect(S.value("code", body) == "the code")
        #expect(S.value("redirect_uri", body) == "https://app.example.com/cb")
        #expect(S.value("code_verifier", body) == "verifier-1")
        #expect(S.value("client_id", body) == "client-1")
    }

    @Test("client_secret_basic when the metadata lists nothing or lists basic", arguments: [
        [String](), ["client_secret_basic"], ["client_secret_post", "client_secret_basic"], ["private_key_jwt"],
    ])
    func basic(_ methods: [String]) {
        let request = code(methods: methods)
        #expect(header("Authorization", request) == "Basic " + Base64.encode(Array("client-1:s3cret".utf8)))
        #expect(S.value("client_secret", form(request)) == nil)
    }

    @Test("client_secret_post when only post is listed")
    func post() {
        let request = code(methods: ["client_secret_post", "private_key_jwt"])
        #expect(header("Authorization", request) == nil)
        #expect(S.value("client_secret", form(request)) == "s3cret")
    }

    @Test("basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1)")
    func basicEncoding() {
        let request = TokenRequest.authorizationCode(metadata: S.metadata(), clientID: "my id", clientSecret: "s:e+c%r~t",
                                                     code: "c", redirectURI: "https://app.example.com/cb", codeVerifier: "v")
        #expect(header("Authorization", request) == "Basic " + Base64.encode(Array("my%20id:s%3Ae%2Bc%25r~t".utf8)))
    }

    @Test("a public client (no secret) sends only client_id")
    func publicClient() {
        let request = code(methods: ["client_secret_post"], secret: nil)
        #expect(header("Authorization", request) == nil)
        #expect(S.value("client_secret", form(request)) == nil)
        #expect(S.value("client_id", form(request)) == "client-1")
    }

    @Test("refresh: grant_type, refresh_token, client_id, space-joined scope")
    func refresh() {
        let request = TokenRequest.refresh(metadata: S.metadata(), clientID: "client-1", clientSecret: "s3cret",
                                           refreshToken: "rt+/=", scopes: ["openid", "User.Read"])
        let body = form(request)
        #expect(S.names(body) == ["grant_type", "refresh_token", "client_id", "scope"])
        #expect(S.value("grant_type", body) == "refresh_token")
        #expect(S.value("refresh_token", body) == "rt+/=")
        #expect(S.value("scope", body) == "openid User.Read")
        #expect(header("Authorization", request) != nil)
        #expect(!S.names(form(TokenRequest.refresh(metadata: S.metadata(), clientID: "c", clientSecret: nil, refreshToken: "r",
                                                   scopes: []))).contains("scope"))
    }
}
