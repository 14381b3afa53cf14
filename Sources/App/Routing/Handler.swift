import CGI

/// The one seam every route's handler sits behind: a request and its context in, a response out.
/// The router has already checked the method and resolved the configuration.
protocol Handler: Sendable {
    func respond(to request: Request, in context: Context) throws(AppError) -> Response
}

/// A handler for routes that need a signed-in, allowed user. The router has read the session, applied the
/// session lifetime and the `ALLOWED_*` rules, and hands over the live session.
protocol SignedInHandler: Sendable {
    func respond(to request: Request, in context: Context, session: LiveSession) throws(AppError) -> Response
}

/// A handler that also answers when the settings are incomplete (the configuration-error page is not useful there).
protocol UnconfiguredHandler: Sendable {
    func respond(to request: Request, services: Services) -> Response
}

/// A session that passed every check, and the cookies that keep it (a rewrite when something changed).
struct LiveSession {
    var session: Session
    var cookies: [SetCookie]
}
