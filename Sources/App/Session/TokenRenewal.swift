import JOSE
import OIDC

/// Redeems the session's refresh token (RFC 6749 §6) and checks any new ID token against the session
/// (OpenID Connect Core 12.2: same `iss` and `sub`, our client in `aud`, the same `auth_time` when present,
/// the same `azp`, or none when the original had none).
/// The one refresh policy: a refusal ends the session, an unreachable provider keeps it for a later try.
struct TokenRenewal {
    enum Outcome {
        case renewed(Session)
        /// The provider refused or answered wrongly: the session is over.
        case rejected(Reason)
        /// The provider could not be reached: try again later, keep the session.
        case unavailable(Reason)
    }

    let context: Context

    /// The scope of a refresh request: what was granted when known, since asking for more is an
    /// `invalid_scope` error (RFC 6749 §6); otherwise what sign-in asked for.
    func scopes(for session: Session) -> [String] {
        if let granted = session.atScope?.split(separator: " ").map(String.init), !granted.isEmpty { return granted }
        return context.configuration.requestedScopes
    }

    func refresh(_ session: Session) -> Outcome {
        guard let refreshToken = session.rt else { return .rejected(.noRefreshToken) }
        let credentials: ClientCredentials
        do { credentials = try ClientCredentials(context.configuration.credential) } catch {
            context.log(error.log)
            return .unavailable(error.log.reason)
        }
        let directory = context.directory()
        let metadata: ProviderMetadata
        do { metadata = try directory.metadata() } catch { return .unavailable(error.log.reason) }

        let tokens: TokenResponse
        do {
            tokens = try TokenEndpoint(context: context, metadata: metadata, credentials: credentials)
                .refresh(refreshToken, scopes: scopes(for: session))
        } catch {
            switch error {
            case .refused(let code, _):
                context.log(LogLine(.tokenRequestFailed, .tokenError, [("error", LogSafe.oauthErrorCode(code))]))
                return .rejected(.tokenError)
            case .failing(let reason, _, let status):
                if status == nil || (status ?? 0) >= 500 { return .unavailable(reason) }
                return .rejected(reason)
            case .credential(let error):
                context.log(error.log)
                return .unavailable(error.log.reason)
            }
        }
        guard tokens.accessToken != nil else { return .rejected(.noAccessToken) }

        var s = session
        let now = context.now
        s.take(tokens, now: now)
        if let idToken = tokens.idToken {
            let claims: IDTokenClaims
            do {
                claims = try IDTokenCheck(directory: directory, metadata: metadata, clientID: context.configuration.clientID,
                                          issuer: session.iss).validate(idToken, nonce: nil, now: now)
            } catch {
                return .rejected(error.log.reason)
            }
            guard claims.iss == session.iss, claims.sub == session.sub else { return .rejected(.subjectChanged) }
            if let original = session.authTime, let renewed = claims.all["auth_time"]?.int64Value, renewed != original {
                return .rejected(.authTimeChanged)
            }
            guard claims.all["azp"]?.stringValue == session.azp else { return .rejected(.azpMismatch) }
            s.idExp = claims.exp
            s.idToken = idToken
            var kept = Session.keep(claims.all, rules: context.configuration.rules)
            if kept["login_hint"] == nil, let hint = s.claims["login_hint"] { kept["login_hint"] = hint }
            s.claims = kept
            s.groupsOverage = Session.hasGroupOverage(claims.all) ? true : nil
        } else {
            s.idExp = max(s.idExp, s.atExp ?? now)
        }
        return .renewed(s)
    }
}
