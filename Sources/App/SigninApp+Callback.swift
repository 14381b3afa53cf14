import CGI
import Crypto
import Effects
import Encoding
import JOSE
import OIDC

extension SigninApp {
    /// `REDIRECT_PATH`: the authorization response (OpenID Connect Core 3.1.2.5–3.1.3.7).
    /// Order matters: the state is checked against its login-state cookie before anything else; the code is
    /// redeemed once; the ID token is validated fully; only then is a session set.
    func callback(_ ctx: RequestContext) throws(AppError) -> Response {
        let (vault, defaultAuthority) = try configured()
        let store = ctx.cookieStore(vault: vault)
        let query = ctx.request.query

        // 1. State (RFC 6749 §10.12): exactly one, matching a live login-state cookie of ours.
        guard let state = query.first("state"), !query.isDuplicated("state") else {
            throw AppError.signInFailed("The sign-in response has no state. Please sign in again.", reason: "callback rejected reason=missing_state")
        }
        guard let name = CookieStore.loginStateName(for: state) else {
            throw AppError.signInFailed("The sign-in response has a malformed state. Please sign in again.", reason: "callback rejected reason=malformed_state")
        }
        guard let attempt = store.readLoginState(state: state),
              constantTimeEquals(Array(attempt.state.utf8), Array(state.utf8)) else {
            var error = AppError.signInFailed("This sign-in attempt is unknown or has expired. Please sign in again.", reason: "callback rejected reason=state_mismatch")
            error.expireLoginState = name
            throw error
        }
        do {
            let authority = attempt.flow == nil ? defaultAuthority : try configured(flow: attempt.flow).1
            return try finishSignIn(ctx, attempt: attempt, authority: authority, store: store, loginCookie: name)
        } catch var error {
            error.expireLoginState = name
            // CONTRACT.md: any callback failure is a 4xx page (a provider that is down included).
            if error.status >= 500, case .page = error.kind {
                error = AppError(status: 400, kind: error.kind, reason: error.reason, expireLoginState: name)
            }
            throw error
        }
    }

    private func finishSignIn(_ ctx: RequestContext, attempt: LoginState, authority: Authority, store: CookieStore,
                              loginCookie: String) throws(AppError) -> Response {
        let query = ctx.request.query

        // 2. An error response (RFC 6749 §4.1.2.1), shown escaped.
        if let code = query.first("error") {
            let description = query.first("error_description")
            throw AppError(status: 400, kind: .provider(error: String(code.prefix(200)), description: description.map { String($0.prefix(1000)) }),
                           reason: "callback rejected reason=provider_error")
        }

        // 3. Issuer identification (RFC 9207 §2.4): required when advertised, and must match whenever present.
        let directory = ProviderDirectory(authority: authority, services: services)
        let metadata = try directory.metadata()
        guard metadata.issuer == attempt.iss else {
            throw AppError.signInFailed("The identity provider changed during sign-in. Please sign in again.", reason: "callback rejected reason=issuer_changed")
        }
        if query.isDuplicated("iss") {
            throw AppError.signInFailed("The sign-in response is malformed.", reason: "callback rejected reason=duplicate_iss")
        }
        if let iss = query.first("iss") {
            guard Self.issuer(iss, matches: metadata.issuer) else {
                throw AppError.signInFailed("The sign-in response came from an unexpected issuer.", reason: "callback rejected reason=iss_mismatch")
            }
        } else if metadata.issParameterSupported {
            throw AppError.signInFailed("The sign-in response does not name its issuer.", reason: "callback rejected reason=iss_missing")
        }

        // 4. Redeem the code once (RFC 6749 §4.1.3) with the PKCE verifier and the exact redirect_uri.
        guard let code = query.first("code"), !query.isDuplicated("code"), !code.isEmpty, code.utf8.count <= 4096 else {
            throw AppError.signInFailed("The sign-in response has no authorization code.", reason: "callback rejected reason=missing_code")
        }
        guard let clientID = settings.clientID, let secret = settings.clientSecret else {
            throw AppError.configuration(missing: settings.missing, invalid: [], reason: "configuration incomplete")
        }
        let request = TokenRequest.authorizationCode(metadata: metadata, clientID: clientID, clientSecret: secret, code: code,
                                                     redirectURI: attempt.redirectURI, codeVerifier: attempt.verifier)
        let http: HTTPResponse
        do {
            http = try services.http.send(HTTPRequest(method: "POST", url: request.url, headers: request.headers, body: request.body))
        } catch {
            throw AppError.signInFailed("The identity provider could not be reached to finish signing in. Please try again.",
                                        reason: "token request failed reason=\(error)", status: 400)
        }
        let tokens: TokenResponse
        do {
            tokens = try TokenResponse.parse(status: http.status, body: http.body)
        } catch .tokenError(let code, let description) {
            throw AppError(status: 400, kind: .provider(error: String(code.prefix(200)), description: description.map { String($0.prefix(1000)) }),
                           reason: "token request rejected error=\(Self.logSafe(code)) status=\(http.status)")
        } catch {
            throw AppError.signInFailed("The identity provider's token response could not be read.",
                                        reason: "token response rejected reason=\(error) status=\(http.status)")
        }

        // 5. The ID token, fully (OpenID Connect Core 3.1.3.7).
        guard let idToken = tokens.idToken else {
            throw AppError.signInFailed("The identity provider sent no ID token.", reason: "callback rejected reason=no_id_token")
        }
        let claims = try IDTokenCheck(directory: directory, metadata: metadata, clientID: clientID, issuer: metadata.issuer)
            .validate(idToken, nonce: attempt.nonce, now: ctx.now)

        // 6. A fresh session replaces any earlier one entirely.
        let now = ctx.now
        var session = Session(iss: claims.iss, sub: claims.sub, claims: Session.keep(claims.all), idExp: claims.exp,
                              created: now, seen: now)
        if let at = tokens.accessToken {
            session.at = at
            session.atExp = now + min(max(tokens.expiresIn ?? 3600, 0), 86400)
            session.atScope = tokens.scope
        }
        session.rt = tokens.refreshToken
        var response = Response.redirect(ctx.indexURL)
        response.cookies = try store.writeSession(session, expiresAt: now + settings.sessionMaxLifetime)
        response.cookies += store.expireLoginState(named: loginCookie)
        return response
    }

    /// RFC 9207 §2.4: the `iss` parameter equals the issuer; for Entra's multi-tenant template the
    /// `{tenantid}` placeholder stands for one tenant GUID.
    static func issuer(_ iss: String, matches expected: String) -> Bool {
        if iss == expected { return true }
        guard let placeholder = expected.firstRange(of: TenantID.placeholder) else { return false }
        let prefix = expected[..<placeholder.lowerBound], suffix = expected[placeholder.upperBound...]
        guard iss.hasPrefix(prefix), iss.hasSuffix(suffix), iss.utf8.count == prefix.utf8.count + 36 + suffix.utf8.count else { return false }
        return TenantID.isGUID(String(iss.dropFirst(prefix.count).dropLast(suffix.count)))
    }

    /// Keeps only a short run of token-charset characters of a provider-supplied code for the log line.
    static func logSafe(_ s: String) -> String {
        String(s.unicodeScalars.prefix(64).filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") }.map(Character.init))
    }
}
