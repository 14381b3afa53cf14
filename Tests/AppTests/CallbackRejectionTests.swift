import App
import Effects
import CGI
import Encoding
import Testing

/// Every rejection leaves no session cookie, and no token request is made when the failure is detectable before it.
@Suite("Callback rejections")
struct CallbackRejectionTests {
    enum Case: String, CaseIterable, CustomTestStringConvertible {
        case missingState, unknownState, malformedState, wrongIssParameter, missingIssWhenAdvertised, duplicateCode, duplicateIss,
             statePrefixOnly, providerError, nonceMismatch, wrongAudience, wrongIssuerClaim, expired, futureIat, missingSub, badSignature,
             algNone, tokenEndpointError, tokenEndpointDown, noIDToken, issuerChangedAfterLogin
        var testDescription: String { rawValue }

        /// Whether the failure is detectable before the token request.
        var beforeTokenRequest: Bool {
            switch self {
            case .missingState, .unknownState, .malformedState, .wrongIssParameter, .missingIssWhenAdvertised, .duplicateCode, .duplicateIss,
                 .statePrefixOnly, .providerError, .issuerChangedAfterLogin: return true
            default: return false
            }
        }

        /// The status and the logged reason code each rejection must give.
        var expected: (status: Int, reason: String) {
            switch self {
            case .missingState: return (400, "missing_state")
            case .unknownState, .statePrefixOnly: return (400, "state_mismatch")
            case .malformedState: return (400, "malformed_state")
            case .wrongIssParameter: return (400, "iss_mismatch")
            case .missingIssWhenAdvertised: return (400, "iss_missing")
            case .duplicateCode: return (400, "missing_code")
            case .duplicateIss: return (400, "duplicate_iss")
            case .providerError: return (400, "provider_error")
            case .nonceMismatch: return (401, "nonce_mismatch")
            case .wrongAudience: return (401, "aud_mismatch")
            case .wrongIssuerClaim: return (401, "iss_claim_mismatch")
            case .expired: return (401, "exp_expired")
            case .futureIat: return (401, "iat_in_future")
            case .missingSub: return (401, "claim_missing")
            case .badSignature: return (401, "bad_signature")
            case .algNone: return (401, "alg_not_allowed")
            case .tokenEndpointError: return (400, "token_error")
            case .tokenEndpointDown: return (504, "token_endpoint_timeout")
            case .noIDToken: return (502, "no_id_token")
            case .issuerChangedAfterLogin: return (502, "issuer_mismatch")
            }
        }
    }

    @Test("rejected with an error page, no session, token endpoint called only when needed", arguments: Case.allCases)
    func rejected(_ c: Case) throws {
        let op = try TestProvider()
        if c == .missingIssWhenAdvertised { op.issParameterSupported = true }
        let app = op.app()
        var browser = Browser()
        let (state, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
        var query = "code=abc&state=\(state)"
        switch c {
        case .missingState: query = "code=abc"
        case .unknownState: query = "code=abc&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        case .malformedState: query = "code=abc&state=%3Cscript%3E"
        case .wrongIssParameter: query += "&iss=https%3A%2F%2Fevil.test"
        case .missingIssWhenAdvertised: break
        case .duplicateCode: query += "&code=def"
        case .statePrefixOnly: query = "code=abc&state=\(state.prefix(16))" + String(repeating: "Z", count: state.count - 16)
        case .duplicateIss: query += "&iss=https%3A%2F%2Fop.test&iss=https%3A%2F%2Fevil.test"
        case .providerError: query = "state=\(state)&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
        case .nonceMismatch: op.idTokenOverrides = ["nonce": .string("other")]
        case .wrongAudience: op.idTokenOverrides = ["aud": .string("someone-else")]
        case .wrongIssuerClaim: op.idTokenOverrides = ["iss": .string("https://evil.test")]
        case .expired: op.idTokenOverrides = ["exp": .number(Double(op.clock.now - 600))]
        case .futureIat: op.idTokenOverrides = ["iat": .number(Double(op.clock.now + 3600))]
        case .missingSub: op.idClaims = ["sub": .string("")]
        case .badSignature:
            op.tokenAnswer = { _ in
                let token = (try? op.idToken(nonce: op.lastNonce)) ?? ""
                let tampered = String(token.dropLast(4)) + (token.hasSuffix("AAAA") ? "BBBB" : "AAAA")
                return json(.object(["token_type": .string("Bearer"), "access_token": .string("at"), "id_token": .string(tampered)]))
            }
        case .algNone:
            op.tokenAnswer = { _ in
                let token = (try? op.idToken(nonce: op.lastNonce, header: ["alg": .string("none")])) ?? ""
                let unsigned = token.split(separator: ".").prefix(2).joined(separator: ".") + "."
                return json(.object(["token_type": .string("Bearer"), "access_token": .string("at"), "id_token": .string(unsigned)]))
            }
        case .tokenEndpointError:
            op.tokenAnswer = { _ in json(400, .object(["error": .string("invalid_grant"), "error_description": .string("<b>code reused</b>")])) }
        case .tokenEndpointDown:
            op.http.on(op.tokenURL) { _ throws(HTTPError) in throw HTTPError.timeout }
        case .noIDToken:
            op.tokenAnswer = { _ in json(.object(["token_type": .string("Bearer"), "access_token": .string("at")])) }
        case .issuerChangedAfterLogin:
            op.cache.entries.removeAll()
            op.http.on(op.metadataURL) { _ in
                var m = op.metadata
                m["issuer"] = .string("https://op.test/other")
                return json(.object(m))
            }
        }

        let response = app.respond(to: try browser.request("/getAToken", query: query))
        #expect(response.status == c.expected.status, "status \(response.status)")
        #expect(op.log.lines.contains { $0.contains("reason=\(c.expected.reason)") }, "\(op.log.lines)")
        #expect(!response.cookies.contains { $0.name.contains("signin_session") && $0.maxAge != 0 })
        #expect(!response.text.contains("<script>"))
        #expect(op.http.calls(to: op.tokenURL) == (c.beforeTokenRequest ? 0 : 1))
        #expect(op.log.lines.count >= 1)
        for line in op.log.lines {
            #expect(!line.contains("s3cret") && !line.contains("abc") && !line.contains("rt-1") && !line.contains("at-1"))
        }
        if c == .providerError {
            #expect(response.text.contains("access_denied"))
            #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
        if c == .tokenEndpointError { #expect(response.text.contains("&lt;b&gt;code reused&lt;/b&gt;")) }
        // Signing in afterwards still works: nothing was left half-done.
        browser.take(response)
        #expect(app.respond(to: try browser.request("/")).status == 302)
    }

    @Test("an unknown kid refetches the keys once, then succeeds after rotation")
    func keyRotation() throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = Browser()
        // Warm the key cache with the old key set.
        let (s1, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
        browser.take(app.respond(to: try browser.request("/getAToken", query: "code=a&state=\(s1)")))
        #expect(op.http.calls(to: op.jwksURL) == 1)
        op.clock.now += 120
        // Rotate: a new key under a new kid.
        let rotated = try TestProvider(key: .rsaB)
        op.http.on(op.jwksURL) { _ in
            var jwk = rotated.key.publicJWK.mapValues { JSONValue.string($0) }
            jwk["kid"] = .string("key-2")
            return json(.object(["keys": .array([.object(jwk)])]))
        }
        op.tokenAnswer = { _ in
            rotated.clock.now = op.clock.now
            let token = (try? rotated.idToken(nonce: op.lastNonce, header: ["alg": .string("RS256"), "kid": .string("key-2")])) ?? ""
            return json(.object(["token_type": .string("Bearer"), "access_token": .string("at"), "id_token": .string(token)]))
        }
        let (s2, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
        let response = app.respond(to: try browser.request("/getAToken", query: "code=b&state=\(s2)"))
        #expect(response.status == 302, "\(op.log.lines)")
        #expect(op.http.calls(to: op.jwksURL) == 2)
    }

    @Test("a login attempt older than ten minutes is refused before the token request")
    func expiredLoginState() throws {
        let op = try TestProvider()
        let app = op.app()
        var browser = Browser()
        let (state, _) = try SignInFlowTests.startLogin(op, &browser, app: app)
        op.clock.now += 601
        let response = app.respond(to: try browser.request("/getAToken", query: "code=abc&state=\(state)"))
        #expect(response.status == 400)
        #expect(op.http.calls(to: op.tokenURL) == 0)
        #expect(response.cookies.contains { $0.name.hasPrefix("__Secure-signin_login_") && $0.maxAge == 0 })
    }

    @Test("a claims parameter that is not a JSON object is refused with a 400 and no login state", arguments: ["notjson", "%5B1%5D", "%7B"])
    func badClaimsParameter(_ claims: String) throws {
        let op = try TestProvider()
        let response = op.app().respond(to: try Browser().request("/login", query: "claims=\(claims)"))
        #expect(response.status == 400)
        #expect(!response.cookies.contains { $0.name.hasPrefix("__Secure-signin_login_") })
    }

    @Test("the metadata issuer must match the authority: no sign-in link")
    func metadataIssuerMismatch() throws {
        let op = try TestProvider()
        op.http.on(op.metadataURL) { _ in
            var m = op.metadata
            m["issuer"] = .string("https://evil.test")
            return json(.object(m))
        }
        let response = op.app().respond(to: try Browser().request("/login"))
        #expect(response.status >= 500)
        #expect(!response.text.contains("Sign In</a>"))
        #expect(!response.cookies.contains { $0.name.hasPrefix("__Secure-signin_login_") })
    }
}
