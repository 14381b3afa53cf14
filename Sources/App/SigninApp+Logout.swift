import CGI
import OIDC

extension SigninApp {
    /// `/logout`: expires every cookie this program set, then sends the browser to the provider's
    /// `end_session_endpoint` (OpenID Connect RP-Initiated Logout 1.0 §2) or, without one, to the index.
    func logout(_ ctx: RequestContext) -> Response {
        var cookies: [SetCookie] = []
        var target = ctx.indexURL
        if let vault {
            let store = ctx.cookieStore(vault: vault)
            var hint: String?
            if case .valid(let session, _) = store.readSession() { hint = session.claims["login_hint"]?.stringValue }
            cookies = store.expireSession() + store.expireAllLoginStates()
            if let (_, authority) = try? configured(), let clientID = settings.clientID,
               let metadata = try? ProviderDirectory(authority: authority, services: services).metadata(),
               let url = LogoutURL.make(metadata: metadata, postLogoutRedirectURI: ctx.indexURL, idTokenHint: nil,
                                        logoutHint: hint, clientID: clientID) {
                target = url
            }
        } else {
            let names = ctx.request.cookies.names.filter {
                $0 == CookieStore.sessionName || $0.hasPrefix(CookieStore.sessionName + ".") || $0.hasPrefix(CookieStore.loginStatePrefix)
            }
            cookies = Set(names).sorted().map { SetCookie(name: $0, value: "", path: ctx.cookiePath, maxAge: 0, secure: ctx.isHTTPS) }
        }
        var response = Response.redirect(target)
        response.cookies = cookies
        return response
    }
}
