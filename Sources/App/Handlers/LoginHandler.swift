import CGI
import Encoding
import OIDC

/// `/login`: a page with the "Sign In" link to the authorization endpoint (OpenID Connect Core 3.1.2.1),
/// with fresh `state` and `nonce`, PKCE S256 (RFC 7636 §4.2) and a login-state cookie for this attempt.
struct LoginHandler: Handler {
    /// The longest `login_hint` / `domain_hint` passed on.
    static let maxHintBytes = 256

    func respond(to request: Request, in context: Context) throws(AppError) -> Response {
        let configuration = context.configuration
        let query = request.query
        let flow = try userFlow(named: query.first("user_flow"), configuration)
        guard let authority = configuration.authority(forFlow: flow) else {
            throw AppError.badRequest("Unknown user flow.", .loginRejected, .unknownUserFlow)
        }
        let metadata = try context.directory(authority).metadata()
        let random = context.services.random
        let state = Base64.urlEncode(random.bytes(32))
        let nonce = Base64.urlEncode(random.bytes(32))
        let pkce = PKCE(verifierBytes: random.bytes(32))
        let claims = try Self.claimsParameter(query)
        let loginHint = try Self.hint(query, "login_hint")
        let domainHint = try Self.hint(query, "domain_hint")
        let returnTo = returnPath(query, context)

        let url = AuthorizationURL.make(metadata: metadata, clientID: configuration.clientID, redirectURI: context.urls.redirectURI,
                                        scopes: configuration.requestedScopes, state: state, nonce: nonce,
                                        codeChallenge: pkce.challenge, prompt: configuration.prompt, claims: claims,
                                        loginHint: loginHint, domainHint: domainHint)
        let attempt = LoginState(state: state, nonce: nonce, verifier: pkce.verifier, iss: metadata.issuer,
                                 redirectURI: context.urls.redirectURI, created: context.now, flow: flow, returnTo: returnTo)
        let resetPassword = configuration.userFlows.resetPassword != nil && flow == nil
            ? context.urls.login + "?user_flow=reset_password" : nil
        var response = Response.html(200, Pages.login(authorizationURL: url, resetPasswordURL: resetPassword))
        response.cookies = try context.cookies.writeLoginState(attempt)
        return response
    }

    /// The B2C policy a `/login?user_flow=` value names, nil for the default sign-up/sign-in flow.
    func userFlow(named name: String?, _ configuration: Configuration) throws(AppError) -> String? {
        guard let name else { return nil }
        switch name {
        case "edit_profile" where configuration.userFlows.editProfile != nil: return configuration.userFlows.editProfile?.policy
        case "reset_password" where configuration.userFlows.resetPassword != nil: return configuration.userFlows.resetPassword?.policy
        default: throw AppError.badRequest("Unknown user flow.", .loginRejected, .unknownUserFlow)
        }
    }

    /// `return_to`, kept only when it is a path on this site (`ReturnPath`); anything else is dropped and logged.
    func returnPath(_ query: FormData, _ context: Context) -> String? {
        guard let raw = query.first("return_to") else { return nil }
        switch ReturnPath.validate(raw) {
        case .success(let path): return path
        case .failure(let why):
            context.log(LogLine(.loginRejected, .returnToRefused, [("why", "\(why)")]))
            return nil
        }
    }

    /// A `claims` request parameter (OpenID Connect Core 5.5) passed on from a claims challenge, when it is a small JSON object.
    static func claimsParameter(_ query: FormData) throws(AppError) -> String? {
        guard let claims = query.first("claims") else { return nil }
        guard claims.utf8.count <= 4096, (try? JSONValue.parseObject(Array(claims.utf8), maxBytes: 4096)) != nil else {
            throw AppError.badRequest("The claims parameter is not a valid JSON object.", .loginRejected, .badClaimsParameter)
        }
        return claims
    }

    /// `login_hint` (OpenID Connect Core 3.1.2.1) or `domain_hint`: printable, without spaces' neighbours that could
    /// confuse a provider (controls), at most `maxHintBytes`.
    static func hint(_ query: FormData, _ name: String) throws(AppError) -> String? {
        guard let value = query.first(name), !value.isEmpty else { return nil }
        guard value.utf8.count <= maxHintBytes, value.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value) }) else {
            throw AppError.badRequest("The \(name) parameter is not a short printable value.", .loginRejected, .badLoginHint)
        }
        return value
    }
}
