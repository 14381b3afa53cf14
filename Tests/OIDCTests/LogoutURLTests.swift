import OIDC
import Testing

private typealias S = Support

@Suite("Logout URL (OpenID Connect RP-Initiated Logout 1.0 §2)")
struct LogoutURLTests {
    @Test("nil when the provider has no end_session_endpoint")
    func noEndpoint() {
        #expect(LogoutURL.make(metadata: S.metadata(), postLogoutRedirectURI: "https://app.example.com/", idTokenHint: "a.b.c",
                               logoutHint: nil, clientID: "client-1") == nil)
    }

    @Test("post_logout_redirect_uri is percent-encoded, client_id and id_token_hint follow")
    func withHint() throws {
        let url = try #require(LogoutURL.make(metadata: S.metadata, postLogoutRedirectURI: "https://app.example.com/cgi-bin/signin.cgi/",
                                              idTokenHint: "a.b.c", logoutHint: nil, clientID: "client-1"))
        #expect(url.hasPrefix("https://idp.example.com/logout?post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fcgi-bin%2Fsignin.cgi%2F&"))
        let (_, pairs) = S.split(url)
        #expect(S.names(pairs) == ["post_logout_redirect_uri", "client_id", "id_token_hint"])
        #expect(S.value("id_token_hint", pairs) == "a.b.c")
    }

    @Test("logout_hint instead of id_token_hint, appended to an existing query")
    func logoutHint() throws {
        let url = try #require(LogoutURL.make(metadata: S.metadata(endSession: "https://idp.example.com/logout?p=b2c_1_susi"),
                                              postLogoutRedirectURI: "https://app.example.com/", idTokenHint: nil,
                                              logoutHint: "ada@example.com", clientID: "client-1"))
        let (base, pairs) = S.split(url)
        #expect(base == "https://idp.example.com/logout")
        #expect(S.names(pairs) == ["p", "post_logout_redirect_uri", "client_id", "logout_hint"])
        #expect(S.value("logout_hint", pairs) == "ada@example.com")
    }
}
