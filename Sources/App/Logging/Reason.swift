/// Every reason code the program logs, in one place. The raw value is the stable text after `reason=` in the
/// one-line log (`signin: callback rejected reason=state_mismatch`); README "Log reasons" lists them all.
/// A code never carries a token, a code, a cookie, a secret or a value from the request.
public enum Reason: String, CaseIterable, Sendable {
    // The request itself (RFC 3875, RFC 9110).
    case methodNotAllowed = "method_not_allowed"
    case notFound = "not_found"
    case bodyTooLarge = "body_too_large"
    case lengthRequired = "length_required"
    case badMethod = "bad_method"
    case badPath = "bad_path"
    case badQuery = "bad_query"
    case badBody = "bad_body"
    case badContentLength = "bad_content_length"

    // Configuration.
    case settingsMissing = "settings_missing"
    case settingsInvalid = "settings_invalid"
    case cookiePathOutsideScript = "cookie_path_outside_script"
    case settingsFileMissing = "settings_file_missing"
    case settingsFileUnreadable = "settings_file_unreadable"
    case settingsFileNotRegular = "settings_file_not_regular"
    case settingsFileMode = "settings_file_mode"
    case settingsFileOwner = "settings_file_owner"
    case settingsFileTooLarge = "settings_file_too_large"
    case settingsFileUnparseable = "settings_file_unparseable"
    case certificateInvalid = "certificate_invalid"

    // /login.
    case unknownUserFlow = "unknown_user_flow"
    case badClaimsParameter = "bad_claims_parameter"
    case badLoginHint = "bad_login_hint"
    case returnToRefused = "return_to_refused"

    // The authorization response (RFC 6749 §4.1.2, RFC 9207).
    case missingState = "missing_state"
    case malformedState = "malformed_state"
    case stateMismatch = "state_mismatch"
    case providerError = "provider_error"
    case issuerChanged = "issuer_changed"
    case duplicateIss = "duplicate_iss"
    case issMismatch = "iss_mismatch"
    case issMissing = "iss_missing"
    case missingCode = "missing_code"
    case userCancelled = "user_cancelled"
    case passwordReset = "password_reset"

    // The token endpoint (RFC 6749 §5).
    case tokenEndpointUnreachable = "token_endpoint_unreachable"
    case tokenEndpointTimeout = "token_endpoint_timeout"
    case tokenEndpointStatus = "token_endpoint_status"
    case tokenError = "token_error"
    case badTokenResponse = "bad_token_response"
    case noIDToken = "no_id_token"
    case noAccessToken = "no_access_token"
    case noRefreshToken = "no_refresh_token"

    // The ID token (OpenID Connect Core 3.1.3.7, 12.2).
    case idTokenMalformed = "id_token_malformed"
    case algNotAllowed = "alg_not_allowed"
    case unknownKid = "unknown_kid"
    case noUsableKey = "no_usable_key"
    case badSignature = "bad_signature"
    case issClaimMismatch = "iss_claim_mismatch"
    case audMismatch = "aud_mismatch"
    case azpMismatch = "azp_mismatch"
    case expired = "exp_expired"
    case notYetValid = "nbf_not_yet_valid"
    case iatInFuture = "iat_in_future"
    case nonceMismatch = "nonce_mismatch"
    case claimMissing = "claim_missing"
    case claimInvalid = "claim_invalid"
    case tidInvalid = "tid_invalid"
    case v1Token = "v1_token"
    case subjectChanged = "subject_changed"
    case authTimeChanged = "auth_time_changed"

    // Access rules.
    case tenantNotAllowed = "tenant_not_allowed"
    case userNotAllowed = "user_not_allowed"
    case groupNotAllowed = "group_not_allowed"
    case groupOverage = "group_overage"
    case roleNotAllowed = "role_not_allowed"

    // Provider metadata and keys (OpenID Connect Discovery 1.0, RFC 7517).
    case metadataUnreachable = "metadata_unreachable"
    case metadataTimeout = "metadata_timeout"
    case metadataStatus = "metadata_status"
    case metadataInvalid = "metadata_invalid"
    case issuerMismatch = "issuer_mismatch"
    case keysUnreachable = "keys_unreachable"
    case keysTimeout = "keys_timeout"
    case keysStatus = "keys_status"
    case keysInvalid = "keys_invalid"

    // The session cookie.
    case sessionIncomplete = "session_incomplete"
    case sessionUnreadable = "session_unreadable"
    case sessionOtherKey = "session_other_key"
    case sessionTampered = "session_tampered"
    case sessionWrongPurpose = "session_wrong_purpose"
    case sessionExpired = "session_expired"
    case sessionTooLarge = "session_too_large"
    case sessionVersion = "session_version"
    case sessionOtherClient = "session_other_client"
    case sessionOtherIssuer = "session_other_issuer"
    case overCookieBudget = "over_cookie_budget"
    case cookieSealFailed = "cookie_seal_failed"
    case absoluteTimeout = "absolute_timeout"
    case idleTimeout = "idle_timeout"
    case renewalRejected = "renewal_rejected"
    case renewalUnavailable = "renewal_unavailable"

    // The downstream API (RFC 6750).
    case noEndpoint = "no_endpoint"
    case apiUnreachable = "api_unreachable"
    case apiTimeout = "api_timeout"
    case apiStatus = "api_status"
    case apiNotJSON = "api_not_json"
    case insufficientClaims = "insufficient_claims"

    // /userinfo and /files/.
    case notSignedIn = "not_signed_in"
    case noProtectedDir = "no_protected_dir"
    case fileRefused = "file_refused"
}

/// What happened, the words before `reason=` in the log line.
public enum LogEvent: String, Sendable {
    case requestRejected = "request rejected"
    case configurationIncomplete = "configuration incomplete"
    case loginRejected = "login rejected"
    case callbackRejected = "callback rejected"
    case signInRefused = "sign-in refused"
    case tokenRequestFailed = "token request failed"
    case idTokenRejected = "id_token rejected"
    case metadataFailed = "metadata failed"
    case keysFailed = "keys failed"
    case sessionRejected = "session rejected"
    case sessionEnded = "session ended"
    case sessionRenewalFailed = "session renewal failed"
    case accessRefused = "access refused"
    case apiFailed = "api call failed"
    case apiChallenged = "api call challenged"
    case fileRefused = "file refused"
    case internalError = "internal error"
}

/// One log line: `<event> reason=<code>` and optional `key=value` details (values already log-safe).
public struct LogLine: Sendable, Equatable {
    public let event: LogEvent
    public let reason: Reason
    public var details: [(String, String)]

    public init(_ event: LogEvent, _ reason: Reason, _ details: [(String, String)] = []) {
        self.event = event
        self.reason = reason
        self.details = details
    }

    public var text: String {
        var line = event.rawValue + " reason=" + reason.rawValue
        for (key, value) in details { line += " " + key + "=" + LogSafe.word(value) }
        return line
    }

    public static func == (a: LogLine, b: LogLine) -> Bool {
        a.event == b.event && a.reason == b.reason && a.details.elementsEqual(b.details, by: { $0 == $1 })
    }
}

/// Keeps a short run of token-charset characters of a value for a log line (never spaces, quotes or controls).
enum LogSafe {
    static func word(_ s: String, max: Int = 64) -> String {
        let kept = s.utf8.prefix(max).filter { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: ",")
                || b == UInt8(ascii: "/") || b == UInt8(ascii: ":")
        }
        return kept.isEmpty ? "-" : String(decoding: kept, as: UTF8.self)
    }

    /// An OAuth error code as logged: one of RFC 6749 §5.2's (and OpenID Connect Core 3.1.2.6's) codes, else `other`.
    static func oauthErrorCode(_ code: String) -> String {
        knownErrorCodes.contains(code) ? code : "other"
    }

    static let knownErrorCodes: Set<String> = [
        "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type",
        "invalid_scope", "access_denied", "unsupported_response_type", "server_error", "temporarily_unavailable",
        "interaction_required", "login_required", "account_selection_required", "consent_required",
        "invalid_request_uri", "invalid_request_object", "request_not_supported", "request_uri_not_supported",
        "registration_not_supported", "invalid_dpop_proof", "use_dpop_nonce", "insufficient_scope",
    ]
}
