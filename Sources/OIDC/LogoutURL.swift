/// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2).
public enum LogoutURL {
    /// The `end_session_endpoint` with `post_logout_redirect_uri`, `client_id`, and `id_token_hint` / `logout_hint`
    /// when given, all percent-encoded; nil when the provider has no end-session endpoint.
    public static func make(metadata: ProviderMetadata, postLogoutRedirectURI: String, idTokenHint: String?, logoutHint: String?,
                            clientID: String) -> String? {
        guard let endpoint = metadata.endSessionEndpoint else { return nil }
        var pairs = [("post_logout_redirect_uri", postLogoutRedirectURI), ("client_id", clientID)]
        if let idTokenHint { pairs.append(("id_token_hint", idTokenHint)) }
        if let logoutHint { pairs.append(("logout_hint", logoutHint)) }
        return URLQuery.appending(pairs, to: endpoint)
    }
}
