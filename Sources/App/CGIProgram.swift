import CGI
import Effects

/// One CGI request from start to finish: parse the environment, answer, say whether a body goes out.
public enum CGIProgram {
    public static func respond(environment: [String: String], settings: Settings, services: Services,
                               readBody: (Int) -> [UInt8]) -> [UInt8] {
        let app = SigninApp(settings: settings, services: services)
        let request: Request
        do {
            request = try Request(environment: environment, readBody: readBody)
        } catch {
            let (status, title, message, reason) = describe(error)
            services.log.log("request rejected reason=\(reason)")
            let head = environment["REQUEST_METHOD"] == "HEAD"
            return Response.html(status, Pages.error(title: title, message: message)).serialized(includeBody: !head)
        }
        return app.respond(to: request).serialized(includeBody: request.method != "HEAD")
    }

    static func describe(_ error: CGIError) -> (Int, String, String, String) {
        switch error {
        case .bodyTooLarge: return (413, "Request too large", "The request body is larger than this program accepts.", "body_too_large")
        case .lengthRequired: return (411, "Length required", "The request body has no length.", "length_required")
        case .badRequest(let why): return (400, "Bad request", "The request is malformed.", "bad_request:\(why)")
        }
    }
}
