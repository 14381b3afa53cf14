import CGI
import Effects
import Encoding

/// `/call_downstream_api`: GET `ENDPOINT` with the session's access token (RFC 6750 §2.1), refreshing it
/// when it has under 5 minutes left or lacks a requested scope; no token to be had → 302 to `/login`.
struct CallAPIHandler: SignedInHandler {
    func respond(to request: Request, in context: Context, session live: LiveSession) throws(AppError) -> Response {
        let configuration = context.configuration
        guard let endpoint = configuration.endpoint else {
            throw AppError(status: 404, kind: .page(title: "Not configured", message: "No downstream API is configured (ENDPOINT)."),
                           log: LogLine(.apiFailed, .noEndpoint))
        }
        var session = live.session
        var cookies = live.cookies
        if !session.accessTokenUsable(now: context.now, scopes: configuration.scopes) {
            switch TokenRenewal(context: context).refresh(session) {
            case .renewed(let renewed):
                session = renewed
                cookies = try context.cookies.writeSession(session)
            case .rejected(let reason):
                context.log(LogLine(.sessionEnded, .renewalRejected, [("cause", reason.rawValue)]))
                return Self.redirect(context.urls.login, cookies: context.cookies.expireSession())
            case .unavailable(let reason):
                // Keep the session: the provider may be back on the next try.
                context.log(LogLine(.sessionRenewalFailed, .renewalUnavailable, [("cause", reason.rawValue)]))
                return Self.redirect(context.urls.login, cookies: [])
            }
        }
        guard let accessToken = session.at else { return Self.redirect(context.urls.login, cookies: cookies) }

        // Every answer below carries the (possibly refreshed) session cookie, error pages included.
        func failure(_ status: Int, _ title: String, _ message: String, _ reason: Reason, _ details: [(String, String)] = []) -> AppError {
            AppError(status: status, kind: .page(title: title, message: message), log: LogLine(.apiFailed, reason, details))
        }
        let result: HTTPResponse
        do {
            result = try context.services.http.send(HTTPRequest(method: "GET", url: endpoint,
                headers: [("Authorization", "Bearer " + accessToken), ("Accept", "application/json")], body: nil))
        } catch {
            let timedOut = error == .timeout
            return page(failure(504, "The downstream API did not answer", "The API call failed: \(Self.describe(error)).",
                                timedOut ? .apiTimeout : .apiUnreachable), context, cookies)
        }
        if result.status == 401, let challenge = result.header("www-authenticate"), let claims = ClaimsChallenge.claims(in: challenge) {
            context.log(LogLine(.apiChallenged, .insufficientClaims))
            return Self.redirect(context.urls.login + "?claims=" + Percent.encode(claims), cookies: cookies)
        }
        guard (200..<300).contains(result.status) else {
            return page(failure(502, "The downstream API answered with an error", "The API answered with HTTP status \(result.status).",
                                .apiStatus, [("status", String(result.status))]), context, cookies)
        }
        guard let json = try? JSONValue.parse(result.body) else {
            return page(failure(502, "The downstream API answered with something other than JSON",
                                "The API's answer (\(result.body.count) bytes) is not JSON.", .apiNotJSON), context, cookies)
        }
        var response = Response.html(200, Pages.display(endpoint: endpoint, json: String(decoding: json.serialized(pretty: true), as: UTF8.self),
                                                        indexURL: context.urls.index))
        response.cookies = cookies
        return response
    }

    /// The error page, logged, carrying the session's cookies.
    private func page(_ error: AppError, _ context: Context, _ cookies: [SetCookie]) -> Response {
        context.log(error.log)
        var response = ErrorPage.response(for: error, format: .html, context: context)
        response.cookies = cookies
        return response
    }

    static func redirect(_ location: String, cookies: [SetCookie]) -> Response {
        var response = Response.redirect(location)
        response.cookies = cookies
        return response
    }

    static func describe(_ error: HTTPError) -> String {
        switch error {
        case .timeout: return "it timed out"
        case .tooLarge: return "its answer was too large"
        case .notHTTPS: return "the endpoint is not https"
        case .transport: return "the connection failed"
        }
    }
}
