import Effects
import OIDC

/// POSTs to the token endpoint with this app's client credential (RFC 6749 §2.3, §4.1.3, §6) and sorts the answer:
/// tokens, the provider's refusal (RFC 6749 §5.2), or the provider failing (unreachable, timing out, 5xx, garbage).
struct TokenEndpoint {
    let context: Context
    let metadata: ProviderMetadata
    let credentials: ClientCredentials

    enum Failure: Error {
        /// The provider refused (`error` in a JSON answer, RFC 6749 §5.2): the code or refresh token is no good.
        case refused(code: String, description: String?)
        /// The provider could not be used: try again later. `timedOut` gives 504 rather than 502.
        case failing(Reason, timedOut: Bool, status: Int?)
        /// The client assertion could not be made.
        case credential(AppError)
    }

    func redeem(code: String, redirectURI: String, verifier: String) throws(Failure) -> TokenResponse {
        let clientID = context.configuration.clientID
        return try send(TokenRequest.authorizationCode(metadata: metadata, clientID: clientID, credential: try credential(),
                                                       code: code, redirectURI: redirectURI, codeVerifier: verifier))
    }

    func refresh(_ refreshToken: String, scopes: [String]) throws(Failure) -> TokenResponse {
        try send(TokenRequest.refresh(metadata: metadata, clientID: context.configuration.clientID, credential: try credential(),
                                      refreshToken: refreshToken, scopes: scopes))
    }

    private func credential() throws(Failure) -> ClientCredential {
        do {
            return try credentials.credential(for: metadata, clientID: context.configuration.clientID, now: context.now,
                                              random: context.services.random)
        } catch {
            throw .credential(error)
        }
    }

    private func send(_ request: TokenRequest) throws(Failure) -> TokenResponse {
        let http: HTTPResponse
        do {
            http = try context.services.http.send(HTTPRequest(method: "POST", url: request.url, headers: request.headers, body: request.body))
        } catch .timeout {
            throw .failing(.tokenEndpointTimeout, timedOut: true, status: nil)
        } catch {
            throw .failing(.tokenEndpointUnreachable, timedOut: false, status: nil)
        }
        do {
            return try TokenResponse.parse(status: http.status, body: http.body)
        } catch .tokenError(let code, let description) {
            throw .refused(code: code, description: description)
        } catch {
            throw .failing(http.status >= 500 ? .tokenEndpointStatus : .badTokenResponse, timedOut: false, status: http.status)
        }
    }
}
