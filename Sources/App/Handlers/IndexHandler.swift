import CGI

/// `/`: the welcome page with the user's claims and links (a visitor without a session was sent to `/login`).
struct IndexHandler: SignedInHandler {
    func respond(to request: Request, in context: Context, session live: LiveSession) throws(AppError) -> Response {
        let session = live.session
        let configuration = context.configuration
        let claims = session.claims.keys.sorted().map { ($0, session.claims[$0]?.displayText ?? "") }
        let html = Pages.index(name: session.displayName, claims: claims,
                               apiURL: configuration.endpoint == nil ? nil : context.urls.api,
                               editProfileURL: configuration.userFlows.editProfile != nil ? context.urls.login + "?user_flow=edit_profile" : nil,
                               logoutURL: context.urls.logout)
        var response = Response.html(200, html)
        response.cookies = live.cookies
        return response
    }
}
