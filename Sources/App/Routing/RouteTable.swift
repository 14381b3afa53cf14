import CGI

/// One row of the route table: the path, the methods, what the route needs, and its handler (README "Architecture").
struct Route: Sendable {
    enum Path: Sendable {
        /// Exactly this `PATH_INFO`.
        case exact(String)
        /// Every `PATH_INFO` under this prefix (which ends in `/`).
        case prefix(String)
    }

    /// What answers, by what the route needs.
    enum Responder: Sendable {
        /// Needs the configuration; no session.
        case configured(any Handler)
        /// Needs the configuration and a signed-in, allowed user; `whenSignedOut` says what a visitor without one gets.
        case signedIn(any SignedInHandler, whenSignedOut: SignedOutAnswer)
        /// Answers with or without a configuration.
        case always(any Handler, unconfigured: any UnconfiguredHandler)
    }

    /// How errors are shown: an HTML page, or JSON for scripts.
    enum Format: Sendable { case html, json }

    let path: Path
    let methods: [String]
    let responder: Responder
    var format: Format = .html

    func matches(_ pathInfo: String) -> Bool {
        switch path {
        case .exact(let p): return pathInfo == p
        case .prefix(let p): return pathInfo.hasPrefix(p)
        }
    }
}

/// What a route that needs a session answers a visitor who has none.
enum SignedOutAnswer: Sendable {
    /// `302` to `/login`.
    case redirectToLogin
    /// `302` to `/login?return_to=<this path>`, and back here after sign-in.
    case redirectToLoginReturningHere
    /// `401` JSON `{"error":"not_signed_in"}`, never a redirect.
    case unauthorizedJSON
}

/// Every route, by `PATH_INFO` (README "Routes"). Adding a route is one row here and one handler file.
enum RouteTable {
    static let loginPath = "/login"
    static let logoutPath = "/logout"
    static let apiPath = "/call_downstream_api"
    static let userinfoPath = "/userinfo"
    static let filesPrefix = "/files/"
    static let readMethods = ["GET", "HEAD"]

    /// The table for these settings; `/files/` exists only with `PROTECTED_DIR`.
    static func routes(callbackPath: String, protectedFiles: Bool) -> [Route] {
        var routes = [
            Route(path: .exact("/"), methods: readMethods, responder: .signedIn(IndexHandler(), whenSignedOut: .redirectToLogin)),
            Route(path: .exact(""), methods: readMethods, responder: .signedIn(IndexHandler(), whenSignedOut: .redirectToLogin)),
            Route(path: .exact(loginPath), methods: readMethods, responder: .configured(LoginHandler())),
            Route(path: .exact(callbackPath), methods: readMethods, responder: .configured(CallbackHandler())),
            Route(path: .exact(logoutPath), methods: readMethods,
                  responder: .always(LogoutHandler(), unconfigured: UnconfiguredLogoutHandler())),
            Route(path: .exact(apiPath), methods: readMethods,
                  responder: .signedIn(CallAPIHandler(), whenSignedOut: .redirectToLogin)),
            Route(path: .exact(userinfoPath), methods: readMethods,
                  responder: .signedIn(UserinfoHandler(), whenSignedOut: .unauthorizedJSON), format: .json),
        ]
        if protectedFiles {
            routes.append(Route(path: .prefix(filesPrefix), methods: readMethods,
                                responder: .signedIn(FilesHandler(), whenSignedOut: .redirectToLoginReturningHere)))
        }
        return routes
    }

    /// The fixed paths, which `REDIRECT_PATH` may not take.
    static let fixedPaths = ["/", loginPath, logoutPath, apiPath, userinfoPath]

    static func isReserved(_ path: String) -> Bool {
        fixedPaths.contains(path) || path.hasPrefix(filesPrefix) || path == "/files"
    }
}
