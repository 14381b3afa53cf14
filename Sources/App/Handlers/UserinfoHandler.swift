import CGI
import Encoding

/// `/userinfo`: the session's claims as JSON for scripts on the same site (`401` JSON when signed out, from the
/// route table; never a redirect).
struct UserinfoHandler: SignedInHandler {
    func respond(to request: Request, in context: Context, session live: LiveSession) throws(AppError) -> Response {
        let session = live.session
        var claims = session.claims
        claims["sub"] = .string(session.sub)
        claims["iss"] = .string(session.iss)
        var response = JSONPages.response(200, claims)
        response.cookies = live.cookies
        return response
    }
}
