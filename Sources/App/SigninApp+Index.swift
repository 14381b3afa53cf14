import CGI
import Encoding

extension SigninApp {
    /// `/`: the configuration-error page, a 302 to `/login` without a session, or the welcome page.
    func index(_ ctx: RequestContext) throws(AppError) -> Response {
        let (vault, authority) = try configured()
        let store = ctx.cookieStore(vault: vault)
        let keeper = SessionKeeper(app: self, ctx: ctx, store: store, authority: authority)
        switch try keeper.current() {
        case .signedOut(let cookies):
            var response = Response.redirect(ctx.loginURL)
            response.cookies = cookies
            return response
        case .signedIn(let session, let cookies):
            let claims = session.claims.keys.sorted().map { ($0, session.claims[$0]?.displayText ?? "") }
            let html = Pages.index(name: session.displayName, claims: claims,
                                   apiURL: settings.endpoint == nil ? nil : ctx.apiURL,
                                   editProfileURL: isB2C && settings.editProfileFlow != nil ? ctx.loginURL + "?user_flow=edit_profile" : nil, logoutURL: ctx.logoutURL)
            var response = Response.html(200, html)
            response.cookies = cookies
            return response
        }
    }
}
