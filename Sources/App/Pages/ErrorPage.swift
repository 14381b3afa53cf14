import CGI

/// Turns an `AppError` into what the visitor sees: the page of its kind, or JSON on a JSON route, with the
/// cookies the error expires (a consumed login state; the session of a refused user).
enum ErrorPage {
    static func response(for error: AppError, format: Route.Format, context: Context?) -> Response {
        var response: Response
        if format == .json {
            response = JSONPages.response(error.status, ["error": .string(error.log.reason.rawValue)])
        } else {
            let home = context?.urls.index ?? "/"
            switch error.kind {
            case .configuration(let problems):
                response = Response.html(error.status, Pages.configError(missing: problems.missing, invalid: problems.invalid))
            case .provider(let code, let description):
                response = Response.html(error.status, Pages.authError(error: code, description: description,
                                                                       loginURL: context?.urls.login ?? home))
            case .refused(let refusal):
                response = Response.html(error.status, Pages.refused(refusal, logoutURL: context?.urls.logout ?? home))
            case .page(let title, let message):
                response = Response.html(error.status, Pages.error(title: title, message: message, link: ("Home", home)))
            }
        }
        if let name = error.expireLoginState, let context {
            response.cookies += context.cookies.expireLoginState(named: name)
        }
        if case .refused = error.kind, let context {
            response.cookies += context.cookies.expireSession()
        }
        return response
    }
}
