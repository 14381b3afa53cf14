import CGI
import Encoding
import OIDC

extension SigninApp {
    /// `/login`: a page with the "Sign In" link to the authorization endpoint (OpenID Connect Core 3.1.2.1),
    /// with fresh `state` and `nonce`, PKCE S256 (RFC 7636 §4.2) and a login-state cookie for this attempt.
    func login(_ ctx: RequestContext) throws(AppError) -> Response {
        let flow = try userFlow(named: ctx.request.query.first("user_flow"))
        let (vault, authority) = try configured(flow: flow)
        let metadata = try ProviderDirectory(authority: authority, services: services).metadata()
        guard let clientID = settings.clientID else { throw AppError.configuration(missing: ["CLIENT_ID"], invalid: [], reason: "configuration incomplete missing=CLIENT_ID") }

        let state = Base64.urlEncode(services.random.bytes(32))
        let nonce = Base64.urlEncode(services.random.bytes(32))
        let pkce = PKCE(verifierBytes: services.random.bytes(32))
        let claims = try claimsChallenge(ctx.request.query)

        let url = AuthorizationURL.make(metadata: metadata, clientID: clientID, redirectURI: ctx.redirectURI,
                                        scopes: requestedScopes, state: state, nonce: nonce,
                                        codeChallenge: pkce.challenge, prompt: "select_account", claims: claims)
        let attempt = LoginState(state: state, nonce: nonce, verifier: pkce.verifier, iss: metadata.issuer,
                                 redirectURI: ctx.redirectURI, created: ctx.now, flow: flow)
        let resetPassword = isB2C && settings.resetPasswordFlow != nil && flow == nil ? ctx.loginURL + "?user_flow=reset_password" : nil
        var response = Response.html(200, Pages.login(authorizationURL: url, resetPasswordURL: resetPassword))
        response.cookies = try ctx.cookieStore(vault: vault).writeLoginState(attempt)
        return response
    }

    /// A `claims` request parameter (OpenID Connect Core 5.5) passed on from a claims challenge, when it is a small JSON object.
    func claimsChallenge(_ query: FormData) throws(AppError) -> String? {
        guard let claims = query.first("claims") else { return nil }
        guard claims.utf8.count <= 4096, (try? JSONValue.parseObject(Array(claims.utf8), maxBytes: 4096)) != nil else {
            throw AppError.badRequest("The claims parameter is not a valid JSON object.", reason: "login rejected reason=bad_claims_parameter")
        }
        return claims
    }
}
