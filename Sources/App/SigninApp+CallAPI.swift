import CGI
import Effects
import Encoding
import OIDC

extension SigninApp {
    /// `/call_downstream_api`: GET `ENDPOINT` with the session's access token (RFC 6750 §2.1), refreshing it
    /// when it has under 5 minutes left or lacks a requested scope; no token to be had → 302 to `/login`.
    func callAPI(_ ctx: RequestContext) throws(AppError) -> Response {
        let (vault, authority) = try configured()
        guard let endpoint = settings.endpoint else {
            throw AppError(status: 404, kind: .page(title: "Not configured", message: "No downstream API is configured (ENDPOINT)."),
                           reason: "api rejected reason=no_endpoint")
        }
        let store = ctx.cookieStore(vault: vault)
        let keeper = SessionKeeper(app: self, ctx: ctx, store: store, authority: authority)
        let toLogin = { (cookies: [SetCookie], location: String) -> Response in
            var response = Response.redirect(location)
            response.cookies = cookies
            return response
        }
        var session: Session
        var cookies: [SetCookie]
        switch try keeper.current() {
        case .signedOut(let expired): return toLogin(expired, ctx.loginURL)
        case .signedIn(let live, let set): session = live; cookies = set
        }
        if !session.accessTokenUsable(now: ctx.now, scopes: settings.scopes) {
            do {
                session = try TokenRenewal(app: self, ctx: ctx, authority: authority).refresh(session)
            } catch {
                switch error {
                case .rejected(let why):
                    services.log.log("api refresh rejected reason=\(why)")
                    return toLogin(store.expireSession(), ctx.loginURL)
                case .unavailable(let why):
                    // Keep the session: the provider may be back on the next try.
                    services.log.log("api refresh failed reason=\(why)")
                    return toLogin([], ctx.loginURL)
                }
            }
            cookies = try keeper.write(session)
        }
        guard let accessToken = session.at else { return toLogin(cookies, ctx.loginURL) }

        // Every answer below carries the (possibly refreshed) session cookie, error pages included.
        let failure = { (status: Int, title: String, message: String, reason: String) -> Response in
            var response = self.page(for: AppError(status: status, kind: .page(title: title, message: message), reason: reason), ctx: ctx)
            response.cookies = cookies
            return response
        }
        let result: HTTPResponse
        do {
            result = try services.http.send(HTTPRequest(method: "GET", url: endpoint,
                                                        headers: [("Authorization", "Bearer " + accessToken), ("Accept", "application/json")], body: nil))
        } catch {
            return failure(504, "The downstream API did not answer", "The API call failed: \(Self.describe(error)).", "api call failed reason=\(error)")
        }
        if result.status == 401, let challenge = result.header("www-authenticate"), let claims = ClaimsChallenge.claims(in: challenge) {
            services.log.log("api call challenged reason=insufficient_claims")
            return toLogin(cookies, ctx.loginURL + "?claims=" + Percent.encode(claims))
        }
        guard (200..<300).contains(result.status) else {
            return failure(502, "The downstream API answered with an error", "The API answered with HTTP status \(result.status).",
                           "api call failed status=\(result.status)")
        }
        guard let json = try? JSONValue.parse(result.body) else {
            return failure(502, "The downstream API answered with something other than JSON",
                           "The API's answer (\(result.body.count) bytes) is not JSON.", "api call failed reason=not_json")
        }
        var response = Response.html(200, Pages.display(endpoint: endpoint, json: String(decoding: json.serialized(pretty: true), as: UTF8.self),
                                                        indexURL: ctx.indexURL))
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
