import CGI
import Effects

/// One CGI request from start to finish: parse the environment, answer, say whether a body goes out.
public enum CGIProgram {
    /// The whole output as bytes (a streamed body is not included: `main.swift` uses `answer` for that).
    public static func respond(environment: [String: String], settings: Settings, services: Services,
                               readBody: (Int) -> [UInt8]) -> [UInt8] {
        let (response, includeBody) = answer(environment: environment, settings: settings, services: services, readBody: readBody)
        return response.serialized(includeBody: includeBody)
    }

    /// The response and whether its body goes out (not for HEAD), for `ProcessIO.writeResponse`.
    public static func answer(environment: [String: String], settings: Settings, services: Services,
                              readBody: (Int) -> [UInt8]) -> (response: Response, includeBody: Bool) {
        answer(environment: Environment(environment), settings: settings, services: services, readBody: readBody)
    }

    /// The same, from the process environment as read by `ProcessIO.environment()`.
    public static func answer(environment: Environment, settings: Settings, services: Services,
                              readBody: (Int) -> [UInt8]) -> (response: Response, includeBody: Bool) {
        let app = SigninApp(settings: settings, services: services)
        let request: Request
        do {
            request = try Request(environment: environment, readBody: readBody)
        } catch {
            let (status, title, message, reason) = describe(error)
            services.log.log(LogLine(.requestRejected, reason).text)
            let head = environment["REQUEST_METHOD"] == "HEAD"
            var page = Response.html(status, Pages.error(title: title, message: message))
            page.strictTransportSecurity = Request.isHTTPS(environment: environment, trustForwardedHeaders: settings.trustForwardedHeaders)
            return (page, !head)
        }
        return (app.respond(to: request), request.method != "HEAD")
    }

    static func describe(_ error: CGIError) -> (Int, String, String, Reason) {
        switch error {
        case .bodyTooLarge: return (413, "Request too large", "The request body is larger than this program accepts.", .bodyTooLarge)
        case .lengthRequired: return (411, "Length required", "The request body has no length.", .lengthRequired)
        case .badRequest(let why): return (400, "Bad request", "The request is malformed.", reason(why))
        }
    }

    /// The reason code of a malformed request, from the CGI module's description of it.
    static func reason(_ why: String) -> Reason {
        if why.contains("REQUEST_METHOD") { return .badMethod }
        if why.contains("QUERY_STRING") { return .badQuery }
        if why.contains("CONTENT_LENGTH") { return .badContentLength }
        if why.contains("body") { return .badBody }
        return .badPath
    }
}
