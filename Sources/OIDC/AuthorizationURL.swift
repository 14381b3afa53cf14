import Encoding

/// The authorization request of the authorization code flow (OpenID Connect Core §3.1.2.1, RFC 7636 §4.3).
public enum AuthorizationURL {
    /// The authorization endpoint with `response_type=code`, `client_id`, `redirect_uri`, `scope` (space-joined),
    /// `state`, `nonce`, `code_challenge`, `code_challenge_method=S256`, and `prompt`, `claims`, `login_hint`
    /// (OpenID Connect Core 3.1.2.1) and `domain_hint` (Microsoft identity platform) when given;
    /// every value percent-encoded, appended with "&" when the endpoint already has a query.
    public static func make(metadata: ProviderMetadata, clientID: String, redirectURI: String, scopes: [String], state: String,
                            nonce: String, codeChallenge: String, prompt: String?, claims: String?,
                            loginHint: String? = nil, domainHint: String? = nil) -> String {
        var pairs = [
            ("response_type", "code"),
            ("client_id", clientID),
            ("redirect_uri", redirectURI),
            ("scope", scopes.joined(with: " ")),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", codeChallenge),
            ("code_challenge_method", PKCE.method),
        ]
        if let prompt { pairs.append(("prompt", prompt)) }
        if let claims { pairs.append(("claims", claims)) }
        if let loginHint { pairs.append(("login_hint", loginHint)) }
        if let domainHint { pairs.append(("domain_hint", domainHint)) }
        return URLQuery.appending(pairs, to: metadata.authorizationEndpoint)
    }
}
