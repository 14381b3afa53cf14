import Effects
import Encoding
import JOSE
import OIDC

/// Redeems the session's refresh token (RFC 6749 §6) and checks any new ID token against the old one
/// (OpenID Connect Core 12.2: same `iss` and `sub`, our client in `aud`).
struct TokenRenewal {
    enum Failure: Error {
        /// The provider refused (e.g. `invalid_grant`) or answered wrongly: the session is over.
        case rejected(String)
        /// The provider could not be reached: try again later, keep the session.
        case unavailable(String)
    }

    let app: SigninApp
    let ctx: RequestContext
    let authority: Authority

    /// The scope of a refresh request: what was granted when known, since asking for more is an
    /// `invalid_scope` error (RFC 6749 §6); otherwise what sign-in asked for.
    func scopes(for session: Session) -> [String] {
        if let granted = session.atScope?.split(separator: " ").map(String.init), !granted.isEmpty { return granted }
        return app.requestedScopes
    }

    func refresh(_ session: Session) throws(Failure) -> Session {
        guard let refreshToken = session.rt else { throw .rejected("no_refresh_token") }
        guard let clientID = app.settings.clientID, let secret = app.settings.clientSecret else { throw .rejected("not_configured") }
        let directory = ProviderDirectory(authority: authority, services: ctx.services)
        let metadata: ProviderMetadata
        do { metadata = try directory.metadata() } catch { throw .unavailable("metadata") }

        let request = TokenRequest.refresh(metadata: metadata, clientID: clientID, clientSecret: secret,
                                           refreshToken: refreshToken, scopes: scopes(for: session))
        let http: HTTPResponse
        do {
            http = try ctx.services.http.send(HTTPRequest(method: "POST", url: request.url, headers: request.headers, body: request.body))
        } catch {
            throw .unavailable("token_endpoint \(error)")
        }
        if http.status >= 500 { throw .unavailable("token_endpoint status=\(http.status)") }
        let tokens: TokenResponse
        do {
            tokens = try TokenResponse.parse(status: http.status, body: http.body)
        } catch .tokenError(let code, _) {
            throw .rejected(code)
        } catch {
            throw .rejected("bad_token_response")
        }
        guard let accessToken = tokens.accessToken else { throw .rejected("no_access_token") }

        var s = session
        let now = ctx.now
        let lifetime = min(max(tokens.expiresIn ?? 3600, 0), 86400)
        s.at = accessToken
        s.atExp = now + lifetime
        s.atScope = tokens.scope ?? session.atScope
        if let rotated = tokens.refreshToken { s.rt = rotated }
        if let idToken = tokens.idToken {
            let claims: IDTokenClaims
            do {
                claims = try IDTokenCheck(directory: directory, metadata: metadata, clientID: clientID, issuer: session.iss)
                    .validate(idToken, nonce: nil, now: now)
            } catch {
                throw .rejected("id_token \(error.reason)")
            }
            guard claims.iss == session.iss, claims.sub == session.sub else { throw .rejected("id_token_subject_changed") }
            s.idExp = claims.exp
            var kept = Session.keep(claims.all)
            if kept["login_hint"] == nil, let hint = s.claims["login_hint"] { kept["login_hint"] = hint }
            s.claims = kept
        } else {
            s.idExp = max(s.idExp, s.atExp ?? now)
        }
        return s
    }
}
