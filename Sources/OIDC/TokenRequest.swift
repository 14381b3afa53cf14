import Encoding

/// How the client authenticates at the token endpoint (RFC 6749 §2.3; RFC 7523 §2.2).
public enum ClientCredential: Sendable, Equatable {
    /// A client secret, sent as `client_secret_basic` or `client_secret_post` (RFC 6749 §2.3.1).
    case secret(String)
    /// A signed client assertion from `ClientAssertion.make`, sent as `private_key_jwt` (RFC 7523 §2.2).
    case assertion(String)
}

/// A POST to the token endpoint (RFC 6749 §4.1.3, §6), ready for the HTTP client.
public struct TokenRequest: Sendable {
    public let url: String
    public let headers: [(String, String)]
    public let body: [UInt8]

    /// Redeems an authorization code: `grant_type=authorization_code`, `code`, `redirect_uri`, `code_verifier` (RFC 7636 §4.5), `client_id`.
    public static func authorizationCode(metadata: ProviderMetadata, clientID: String, credential: ClientCredential?, code: String,
                                         redirectURI: String, codeVerifier: String) -> TokenRequest {
        make(metadata: metadata, clientID: clientID, credential: credential, form: [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirectURI),
            ("code_verifier", codeVerifier),
            ("client_id", clientID),
        ])
    }

    /// The same with a client secret (nil: a public client).
    public static func authorizationCode(metadata: ProviderMetadata, clientID: String, clientSecret: String?, code: String,
                                         redirectURI: String, codeVerifier: String) -> TokenRequest {
        authorizationCode(metadata: metadata, clientID: clientID, credential: clientSecret.map(ClientCredential.secret), code: code,
                          redirectURI: redirectURI, codeVerifier: codeVerifier)
    }

    /// Refreshes an access token: `grant_type=refresh_token`, `refresh_token`, `client_id`, `scope` when any (RFC 6749 §6).
    public static func refresh(metadata: ProviderMetadata, clientID: String, credential: ClientCredential?, refreshToken: String,
                               scopes: [String]) -> TokenRequest {
        var form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", clientID)]
        if !scopes.isEmpty { form.append(("scope", scopes.joined(with: " "))) }
        return make(metadata: metadata, clientID: clientID, credential: credential, form: form)
    }

    /// The same with a client secret (nil: a public client).
    public static func refresh(metadata: ProviderMetadata, clientID: String, clientSecret: String?, refreshToken: String,
                               scopes: [String]) -> TokenRequest {
        refresh(metadata: metadata, clientID: clientID, credential: clientSecret.map(ClientCredential.secret),
                refreshToken: refreshToken, scopes: scopes)
    }

    /// Client authentication. A secret (RFC 6749 §2.3.1): `client_secret_basic` when the metadata lists it or lists
    /// nothing (the default of OpenID Connect Discovery §3), else `client_secret_post` when listed, else basic.
    /// An assertion: `client_assertion_type` and `client_assertion` in the body, no secret and no Basic header
    /// (RFC 7523 §2.2; OpenID Connect Core 1.0 §9). Without a credential the client is public and only `client_id` is sent.
    static func make(metadata: ProviderMetadata, clientID: String, credential: ClientCredential?, form: [(String, String)]) -> TokenRequest {
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        var form = form
        switch credential {
        case .secret(let clientSecret):
            let methods = metadata.tokenAuthMethods
            if methods.isEmpty || methods.contains("client_secret_basic") || !methods.contains("client_secret_post") {
                let credentials = Percent.encode(clientID) + ":" + Percent.encode(clientSecret)
                headers.append(("Authorization", "Basic " + Base64.encode(Array(credentials.utf8))))
            } else {
                form.append(("client_secret", clientSecret))
            }
        case .assertion(let assertion):
            form.append(("client_assertion_type", ClientAssertion.type))
            form.append(("client_assertion", assertion))
        case nil:
            break
        }
        return TokenRequest(url: metadata.tokenEndpoint, headers: headers, body: Array(Percent.formEncode(form).utf8))
    }
}
