import CGI
import Encoding

/// The whole program as one function: a request in, a response out (README "Architecture").
/// The configuration is resolved once, when the app is made; each request then goes through the route table.
public struct SigninApp: Sendable {
    public let settings: Settings
    let services: Services
    let configuration: ResolvedConfiguration
    let routes: [Route]

    public init(settings: Settings, services: Services) {
        self.settings = settings
        self.services = services
        configuration = Configuration.resolve(settings)
        routes = RouteTable.routes(callbackPath: settings.redirectPath, protectedFiles: settings.protectedDir != nil)
    }

    /// Answers one request; every error becomes a page (or JSON) here and a one-line reason on stderr.
    /// A response over HTTPS carries `Strict-Transport-Security` (RFC 6797 §7.1).
    public func respond(to request: Request) -> Response {
        var response = route(request)
        response.strictTransportSecurity = request.isHTTPS(trustForwardedHeaders: settings.trustForwardedHeaders)
        return response
    }

    func route(_ request: Request) -> Response {
        guard let route = routes.first(where: { $0.matches(request.pathInfo) }) else {
            log(LogLine(.requestRejected, .notFound))
            return Response.html(404, Pages.error(title: "Not found", message: "There is no page at this address.",
                                                  link: ("Home", request.origin(trustForwardedHeaders: settings.trustForwardedHeaders) + request.scriptName + "/")))
        }
        guard route.methods.contains(request.method) else {
            log(LogLine(.requestRejected, .methodNotAllowed))
            var response = Response.html(405, Pages.error(title: "Method not allowed", message: "Only GET and HEAD are supported here."))
            response.headers.append(("Allow", route.methods.joined(separator: ", ")))
            return response
        }
        let configuration: Configuration
        switch self.configuration {
        case .ready(let c): configuration = c
        case .incomplete(let problems):
            if case .always(_, let unconfigured) = route.responder {
                return unconfigured.respond(to: request, services: services)
            }
            return page(for: AppError.configuration(problems), format: route.format, context: nil)
        }
        let context: Context
        do {
            context = try Context(request: request, configuration: configuration, services: services)
        } catch {
            return page(for: error, format: route.format, context: nil)
        }
        do {
            switch route.responder {
            case .configured(let handler), .always(let handler, _):
                return try handler.respond(to: request, in: context)
            case .signedIn(let handler, let whenSignedOut):
                let keeper = SessionKeeper(context: context)
                switch try keeper.current() {
                case .signedOut(let cookies):
                    var response = signedOut(whenSignedOut, request: request, context: context)
                    response.cookies += cookies
                    return response
                case .signedIn(let live):
                    return try handler.respond(to: request, in: context, session: live)
                }
            }
        } catch {
            return page(for: error, format: route.format, context: context)
        }
    }

    /// What a route that needs a session answers without one.
    func signedOut(_ answer: SignedOutAnswer, request: Request, context: Context) -> Response {
        switch answer {
        case .redirectToLogin:
            return Response.redirect(context.urls.login)
        case .redirectToLoginReturningHere:
            let here = Percent.encodePath(request.scriptName + request.pathInfo)
            return Response.redirect(context.urls.login + "?return_to=" + Percent.encode(here))
        case .unauthorizedJSON:
            context.log(LogLine(.requestRejected, .notSignedIn))
            return JSONPages.response(401, ["error": .string("not_signed_in")])
        }
    }

    /// The error page (or JSON) for `error`, logging its one line.
    func page(for error: AppError, format: Route.Format, context: Context?) -> Response {
        log(error.log)
        return ErrorPage.response(for: error, format: format, context: context)
    }

    func log(_ line: LogLine) { services.log.log(line.text) }
}
