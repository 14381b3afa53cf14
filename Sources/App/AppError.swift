/// The App module's one error type: what went wrong, as the user sees it and as the log line says it.
/// Only `App` turns errors into pages; `reason` goes to stderr (never a token, code, cookie or secret).
struct AppError: Error {
    enum Kind: Sendable {
        /// Settings missing or invalid: the configuration-error page.
        case configuration(missing: [String], invalid: [String])
        /// The provider answered the authorization request with `error` (shown escaped on the auth error page).
        case provider(error: String, description: String?)
        /// Anything else: a plain error page.
        case page(title: String, message: String)
    }

    let status: Int
    let kind: Kind
    /// One-line reason for stderr, e.g. `callback rejected reason=nonce_mismatch`.
    let reason: String
    /// Cookies to expire along with the error page (e.g. a consumed login state).
    var expireLoginState: String? = nil

    static func configuration(missing: [String], invalid: [String], reason: String) -> AppError {
        AppError(status: 500, kind: .configuration(missing: missing, invalid: invalid), reason: reason)
    }

    static func badRequest(_ message: String, reason: String) -> AppError {
        AppError(status: 400, kind: .page(title: "Bad request", message: message), reason: reason)
    }

    static func signInFailed(_ message: String, reason: String, status: Int = 400) -> AppError {
        AppError(status: status, kind: .provider(error: "sign_in_failed", description: message), reason: reason)
    }

    static func upstream(_ message: String, reason: String, status: Int = 502) -> AppError {
        AppError(status: status, kind: .page(title: "The identity provider could not be reached", message: message), reason: reason)
    }
}
