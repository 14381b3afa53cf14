import CGI

/// Decides whether the request has a live session of an allowed user: the session's own checks (key, purpose,
/// client id, issuer), idle and absolute timeouts, renewal of an expired ID token with the refresh token (as
/// identity.web's `get_user` does), the `ALLOWED_*` rules, and rewriting the cookie only when something changed
/// (the idle timestamp at most every `touchInterval` seconds).
struct SessionKeeper {
    static let touchInterval: Int64 = 300

    let context: Context

    enum State {
        case signedOut(cookies: [SetCookie])
        case signedIn(LiveSession)
    }

    var now: Int64 { context.now }
    var configuration: Configuration { context.configuration }

    func current() throws(AppError) -> State {
        switch context.cookies.readSession(clientID: configuration.clientID, authority: configuration.authority) {
        case .none:
            return .signedOut(cookies: [])
        case .invalid(let reason):
            context.log(LogLine(.sessionRejected, reason))
            return .signedOut(cookies: context.cookies.expireSession())
        case .valid(let session, let rotated):
            return try keep(session, rewrite: rotated)
        }
    }

    func keep(_ session: Session, rewrite: Bool) throws(AppError) -> State {
        var s = session
        var changed = rewrite
        if now >= s.created + configuration.sessionMaxLifetime || now >= s.exp || s.created > now + 300 {
            return ended(.absoluteTimeout)
        }
        if now >= s.seen + configuration.sessionIdleTimeout {
            return ended(.idleTimeout)
        }
        if now >= s.idExp {
            switch TokenRenewal(context: context).refresh(s) {
            case .renewed(let renewed):
                s = renewed
                changed = true
            case .rejected(let reason):
                context.log(LogLine(.sessionEnded, .renewalRejected, [("cause", reason.rawValue)]))
                return .signedOut(cookies: context.cookies.expireSession())
            case .unavailable(let reason):
                // The provider is down: keep the cookie (the user stays signed in once it is back).
                throw AppError.upstream("Your session needs renewing, but the identity provider could not be reached. Please try again shortly.",
                                        .sessionRenewalFailed, .renewalUnavailable, status: 503, details: [("cause", reason.rawValue)])
            }
        }
        if var refusal = configuration.rules.refusal(for: s.ruleSubject) {
            refusal.signedInAs = s.userName
            throw AppError(status: 403, kind: .refused(refusal), log: LogLine(.accessRefused, refusal.reason))
        }
        if now - s.seen >= Self.touchInterval {
            s.seen = now
            changed = true
        }
        return .signedIn(LiveSession(session: s, cookies: changed ? try context.cookies.writeSession(s) : []))
    }

    private func ended(_ reason: Reason) -> State {
        context.log(LogLine(.sessionEnded, reason))
        return .signedOut(cookies: context.cookies.expireSession())
    }
}
