import CGI
import Encoding
import OIDC

/// Decides whether the request has a live session: idle and absolute timeouts, renewal of an expired
/// ID token with the refresh token (as identity.web's `get_user` does), and rewriting the cookie only when
/// something changed (the idle timestamp at most every `touchInterval` seconds).
struct SessionKeeper {
    static let touchInterval: Int64 = 300

    let app: SigninApp
    let ctx: RequestContext
    let store: CookieStore
    let authority: Authority

    enum State {
        case signedOut(cookies: [SetCookie])
        case signedIn(Session, cookies: [SetCookie])
    }

    var now: Int64 { ctx.now }

    func current() throws(AppError) -> State {
        switch store.readSession() {
        case .none:
            return .signedOut(cookies: [])
        case .invalid(let why):
            ctx.services.log.log("session rejected reason=\(why)")
            return .signedOut(cookies: store.expireSession())
        case .valid(let session, let rotated):
            return try keep(session, rewrite: rotated)
        }
    }

    func keep(_ session: Session, rewrite: Bool) throws(AppError) -> State {
        var s = session
        var changed = rewrite
        if now >= s.created + app.settings.sessionMaxLifetime || s.created > now + 300 {
            return ended("absolute_timeout")
        }
        if now >= s.seen + app.settings.sessionIdleTimeout {
            return ended("idle_timeout")
        }
        if now >= s.idExp {
            do {
                s = try TokenRenewal(app: app, ctx: ctx, authority: authority).refresh(s)
                changed = true
            } catch {
                switch error {
                case .rejected(let why):
                    return ended("renewal_rejected:\(why)")
                case .unavailable(let why):
                    // The provider is down: keep the cookie (the user stays signed in once it is back).
                    throw AppError.upstream("Your session needs renewing, but the identity provider could not be reached. Please try again shortly.",
                                            reason: "session renewal failed reason=\(why)", status: 503)
                }
            }
        }
        if now - s.seen >= Self.touchInterval {
            s.seen = now
            changed = true
        }
        return .signedIn(s, cookies: changed ? try write(s) : [])
    }

    func write(_ s: Session) throws(AppError) -> [SetCookie] {
        try store.writeSession(s, expiresAt: s.created + app.settings.sessionMaxLifetime)
    }

    private func ended(_ why: String) -> State {
        ctx.services.log.log("session ended reason=\(why)")
        return .signedOut(cookies: store.expireSession())
    }
}
