import CGI
import OIDC

/// `/logout`: expires every cookie this program set, then sends the browser to the provider's
/// `end_session_endpoint` (OpenID Connect RP-Initiated Logout 1.0 §2) with `logout_hint` (the `login_hint` claim)
/// and `id_token_hint` when the session kept the raw ID token, or, without an endpoint, to the index.
struct LogoutHandler: Handler {
    func respond(to request: Request, in context: Context) throws(AppError) -> Response {
        let configuration = context.configuration
        var hint: String?, idToken: String?
        if case .valid(let session, _) = context.cookies.readSession(clientID: configuration.clientID, authority: configuration.authority) {
            hint = session.claims["login_hint"]?.stringValue
            idToken = session.idToken
        }
        var target = context.urls.index
        if let metadata = try? context.directory().metadata(),
           let url = LogoutURL.make(metadata: metadata, postLogoutRedirectURI: context.urls.index, idTokenHint: idToken,
                                    logoutHint: hint, clientID: configuration.clientID) {
            target = url
        }
        var response = Response.redirect(target)
        response.cookies = context.cookies.expireSession() + context.cookies.expireAllLoginStates()
        return response
    }
}

/// `/logout` without a configuration: expires, by name, every cookie of ours the browser sent, and goes to the index.
struct UnconfiguredLogoutHandler: UnconfiguredHandler {
    func respond(to request: Request, services: Services) -> Response {
        let secure = request.isHTTPS(trustForwardedHeaders: false)
        let path = request.scriptName.isEmpty ? "/" : request.scriptName
        var names: [String] = []
        for name in request.cookies.names where !names.contains(name) {
            let bare = name.hasPrefix("__Host-") ? String(name.dropFirst(7)) : name.hasPrefix("__Secure-") ? String(name.dropFirst(9)) : name
            if bare == CookieNames.session || bare.hasPrefix(CookieNames.session + ".") || bare.hasPrefix(CookieNames.loginState) {
                names.append(name)
            }
        }
        var response = Response.redirect(request.origin(trustForwardedHeaders: false) + request.scriptName + "/")
        response.cookies = names.sorted().map {
            SetCookie(name: $0, value: "", path: $0.hasPrefix("__Host-") ? "/" : path, maxAge: 0, secure: secure || $0.hasPrefix("__"))
        }
        return response
    }
}
