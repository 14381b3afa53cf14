import CGI
import Effects

/// `/files/<path>`: a file of `PROTECTED_DIR` for a signed-in, allowed user (the route table has checked both).
/// Anything missing, hidden, not a regular file or outside the folder by any route is the same 404.
struct FilesHandler: SignedInHandler {
    func respond(to request: Request, in context: Context, session live: LiveSession) throws(AppError) -> Response {
        guard let folder = context.configuration.protectedDir else {
            throw AppError(status: 404, kind: .page(title: "Not found", message: "There is no page at this address."),
                           log: LogLine(.requestRejected, .noProtectedDir))
        }
        let rest = String(request.pathInfo.dropFirst(RouteTable.filesPrefix.count))
        switch ProtectedFolder(path: folder).respond(pathInfoRest: rest, request: request, now: context.now) {
        case .response(var response):
            response.cookies += live.cookies
            return response
        case .notFound(let refusal):
            let error = AppError(status: 404, kind: .page(title: "Not found", message: "There is no file at this address."),
                                 log: LogLine(.fileRefused, .fileRefused, [("why", refusal.rawValue)]))
            context.log(error.log)
            var response = ErrorPage.response(for: error, format: .html, context: context)
            response.cookies += live.cookies
            return response
        }
    }
}
