import OIDC
import Testing

private typealias S = Support

@Suite("Authorization URL (OIDC Core §3.1.2.1)")
struct AuthorizationURLTests {
    private func make(endpoint: String = "https://idp.example.com/authorize", prompt: String? = "select_account",
                      claims: String? = nil) -> String {
        AuthorizationURL.make(metadata: S.metadata(authorizationEndpoint: endpoint), clientID: "client 1",
                              redirectURI: "https://app.example.com/cgi-bin/signin.cgi/getAToken",
                              scopes: ["openid", "profile", "offline_access", "User.Read"], state: "st&te", nonce: "n=1",
                              codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", prompt: prompt, claims: claims)
    }

    @Test("carries every parameter in order, percent-encoded")
    func parameters() {
        let url = make()
        let (base, pairs) = S.split(url)
        #expect(base == "https://idp.example.com/authorize")
        #expect(S.names(pairs) == ["response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                                   "code_challenge", "code_challenge_method", "prompt"])
        #expect(S.value("response_type", pairs) == "code")
        #expect(S.value("client_id", pairs) == "client 1")
        #expect(S.value("redirect_uri", pairs) == "https://app.example.com/cgi-bin/signin.cgi/getAToken")
        #expect(S.value("scope", pairs) == "openid profile offline_access User.Read")
        #expect(S.value("state", pairs) == "st&te")
        #expect(S.value("nonce", pairs) == "n=1")
        #expect(S.value("code_challenge_method", pairs) == "S256")
        #expect(S.value("prompt", pairs) == "select_account")
        #expect(url.contains("scope=openid%20profile%20offline_access%20User.Read"))
        #expect(url.contains("redirect_uri=https%3A%2F%2Fapp.example.com%2Fcgi-bin%2Fsignin.cgi%2FgetAToken"))
    }

    @Test("an endpoint that already has a query is extended with &")
    func existingQuery() {
        let url = make(endpoint: "https://contoso.b2clogin.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?p=b2c_1_susi")
        #expect(url.hasPrefix("https://contoso.b2clogin.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?p=b2c_1_susi&response_type=code&"))
        #expect(url.filter { $0 == "?" }.count == 1)
    }

    @Test("prompt is left out when nil; claims is added when given")
    func optional() {
        let (_, pairs) = S.split(make(prompt: nil, claims: #"{"id_token":{"acr":null}}"#))
        #expect(!S.names(pairs).contains("prompt"))
        #expect(S.value("claims", pairs) == #"{"id_token":{"acr":null}}"#)
    }
}
