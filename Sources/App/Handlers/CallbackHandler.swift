import CGI
import Crypto
import JOSE
import OIDC

/// `REDIRECT_PATH`: the authorization response (OpenID Connect Core 3.1.2.5–3.1.3.7).
/// Order matters: the state is checked against its login-state cookie before anything else; the code is
/// redeemed once; the ID token is validated fully; the access rules apply; only then is a session set.
struct CallbackHandler: Handler {
    func respond(to request: Request, in context: Context) throws(AppError) -> Response {
        let response = AuthorizationResponse(parameters: request.query.pairs)

        // 1. State (RFC 6749 §10.12): exactly one, matching a live login-state cookie of ours.
        let state: String
        do { state = try response.state() } catch {
            throw AppError.signInFailed("The sign-in response has no state. Please sign in again.", .missingState)
        }
        guard let name = context.cookies.names.loginState(for: state) else {
            throw AppError.signInFailed("The sign-in response has a malformed state. Please sign in again.", .malformedState)
        }
        guard let attempt = context.cookies.readLoginState(state: state),
              constantTimeEquals(Array(attempt.state.utf8), Array(state.utf8)) else {
            var error = AppError.signInFailed("This sign-in attempt is unknown or has expired. Please sign in again.", .stateMismatch)
            error.expireLoginState = name
            throw error
        }
        do {
            return try finishSignIn(response, context: context, attempt: attempt, loginCookie: name)
        } catch var error {
            error.expireLoginState = name
            throw error
        }
    }

    private func finishSignIn(_ response: AuthorizationResponse, context: Context, attempt: LoginState,
                              loginCookie: String) throws(AppError) -> Response {
        let configuration = context.configuration
        guard let authority = configuration.authority(forFlow: attempt.flow) else {
            throw AppError.signInFailed("This sign-in attempt used a user flow that is no longer configured.", .unknownUserFlow)
        }

        // The client credential first: a broken CLIENT_CERTIFICATE is a configuration error before any provider call.
        let credentials = try ClientCredentials(configuration.credential)

        // 2. An error response (RFC 6749 §4.1.2.1), shown escaped; Azure AD B2C's two that are not errors.
        if let (code, description) = response.error {
            if let redirect = b2cRedirect(code: code, description: description, context: context, attempt: attempt, loginCookie: loginCookie) {
                return redirect
            }
            throw AppError(status: 400, kind: .provider(error: code, description: description),
                           log: LogLine(.callbackRejected, .providerError, [("error", LogSafe.oauthErrorCode(code))]))
        }

        // 3. Issuer identification (RFC 9207 §2.4): required when advertised, and must match whenever present.
        let directory = context.directory(authority)
        let metadata = try directory.metadata()
        guard metadata.issuer == attempt.iss else {
            throw AppError.signInFailed("The identity provider changed during sign-in. Please sign in again.", .issuerChanged)
        }
        let issParameter: String?
        let code: String
        do {
            issParameter = try response.checkIssuer(metadata.issuer, advertised: metadata.issParameterSupported)
            code = try response.code()
        } catch {
            throw Self.rejection(error)
        }

        // 4. Redeem the code once (RFC 6749 §4.1.3) with the PKCE verifier and the exact redirect_uri.
        let tokens: TokenResponse
        do {
            tokens = try TokenEndpoint(context: context, metadata: metadata, credentials: credentials)
                .redeem(code: code, redirectURI: attempt.redirectURI, verifier: attempt.verifier)
        } catch {
            switch error {
            case .refused(let code, let description):
                throw AppError(status: 400, kind: .provider(error: String(code.prefix(200)), description: description.map { String($0.prefix(1000)) }),
                               log: LogLine(.tokenRequestFailed, .tokenError, [("error", LogSafe.oauthErrorCode(code))]))
            case .failing(let reason, let timedOut, let status):
                throw AppError.upstream("The identity provider could not finish signing you in. Please try again.",
                                        .tokenRequestFailed, reason, status: timedOut ? 504 : 502,
                                        details: status.map { [("status", String($0))] } ?? [])
            case .credential(let error):
                throw error
            }
        }

        // 5. The ID token, fully (OpenID Connect Core 3.1.3.7), and the same issuer as the response named (RFC 9207 §2.4).
        guard let idToken = tokens.idToken else {
            throw AppError.signInFailed("The identity provider sent no ID token.", .noIDToken, status: 502, event: .tokenRequestFailed)
        }
        let claims = try IDTokenCheck(directory: directory, metadata: metadata, clientID: configuration.clientID,
                                      issuer: metadata.issuer).validate(idToken, nonce: attempt.nonce, now: context.now)
        if let issParameter, issParameter != claims.iss {
            throw AppError.signInFailed("The sign-in response came from an unexpected issuer.", .issMismatch)
        }

        // 6. The access rules; a refused user gets no session.
        let now = context.now
        let session = Session(claims: claims, tokens: tokens, clientID: configuration.clientID, rules: configuration.rules,
                              now: now, lifetime: configuration.sessionMaxLifetime)
        if var refusal = configuration.rules.refusal(for: session.ruleSubject) {
            refusal.signedInAs = session.userName
            throw AppError(status: 403, kind: .refused(refusal), log: LogLine(.signInRefused, refusal.reason))
        }

        // 7. A fresh session replaces any earlier one entirely; back to where the visitor was going.
        var redirect = Response.redirect(attempt.returnTo.map(context.urls.onSite) ?? context.urls.index)
        redirect.cookies = try context.cookies.writeSession(session)
        redirect.cookies += context.cookies.expireLoginState(named: loginCookie)
        return redirect
    }

    /// Azure AD B2C answers a sign-in with `access_denied` and `AADB2C90118` when the user chose "Forgot your
    /// password?" (then the reset-password flow starts), and `AADB2C90091` when they cancelled (back to the index).
    private func b2cRedirect(code: String, description: String?, context: Context, attempt: LoginState,
                             loginCookie: String) -> Response? {
        guard code == "access_denied", let description else { return nil }
        var target: String?
        if description.contains("AADB2C90118"), context.configuration.userFlows.resetPassword != nil, attempt.flow == nil {
            context.log(LogLine(.callbackRejected, .passwordReset))
            target = context.urls.login + "?user_flow=reset_password"
        } else if description.contains("AADB2C90091") {
            context.log(LogLine(.callbackRejected, .userCancelled))
            target = context.urls.index
        }
        guard let target else { return nil }
        var response = Response.redirect(target)
        response.cookies = context.cookies.expireLoginState(named: loginCookie)
        return response
    }

    static func rejection(_ problem: AuthorizationResponse.Problem) -> AppError {
        switch problem {
        case .missingState: return .signInFailed("The sign-in response has no state. Please sign in again.", .missingState)
        case .duplicateIss: return .signInFailed("The sign-in response is malformed.", .duplicateIss)
        case .issMismatch: return .signInFailed("The sign-in response came from an unexpected issuer.", .issMismatch)
        case .issMissing: return .signInFailed("The sign-in response does not name its issuer.", .issMissing)
        case .missingCode: return .signInFailed("The sign-in response has no authorization code.", .missingCode)
        }
    }
}
