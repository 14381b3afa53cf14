/// The App module's one error type: what went wrong, as the user sees it and as the log line says it.
/// Only `App` turns errors into pages; `log` goes to stderr (never a token, code, cookie or secret).
struct AppError: Error {
    enum Kind: Sendable {
        /// Settings missing or invalid: the configuration-error page.
        case configuration(ConfigurationProblems)
        /// The provider answered the authorization request with `error` (shown escaped on the auth error page).
        case provider(error: String, description: String?)
        /// A signed-in user that an `ALLOWED_*` rule refuses: the 403 page with who they are and a sign-out link.
        case refused(AccessRefusal)
        /// Anything else: a plain error page.
        case page(title: String, message: String)
    }

    var status: Int
    let kind: Kind
    /// The one line for stderr.
    let log: LogLine
    /// A login-state cookie to expire along with the error page (a consumed or refused attempt).
    var expireLoginState: String? = nil

    init(status: Int, kind: Kind, log: LogLine, expireLoginState: String? = nil) {
        self.status = status
        self.kind = kind
        self.log = log
        self.expireLoginState = expireLoginState
    }

    static func configuration(_ problems: ConfigurationProblems) -> AppError {
        AppError(status: 500, kind: .configuration(problems), log: problems.logLine)
    }

    static func badRequest(_ message: String, _ event: LogEvent, _ reason: Reason) -> AppError {
        AppError(status: 400, kind: .page(title: "Bad request", message: message), log: LogLine(event, reason))
    }

    /// A sign-in that cannot finish because of what came back (4xx: the user may try again).
    static func signInFailed(_ message: String, _ reason: Reason, status: Int = 400, event: LogEvent = .callbackRejected,
                             details: [(String, String)] = []) -> AppError {
        AppError(status: status, kind: .provider(error: "sign_in_failed", description: message), log: LogLine(event, reason, details))
    }

    /// The provider or the API could not be used: 502, or 504 when it timed out.
    static func upstream(_ message: String, _ event: LogEvent, _ reason: Reason, status: Int = 502,
                         details: [(String, String)] = []) -> AppError {
        AppError(status: status, kind: .page(title: "The identity provider could not be reached", message: message),
                 log: LogLine(event, reason, details))
    }

    static func `internal`(_ message: String, _ reason: Reason) -> AppError {
        AppError(status: 500, kind: .page(title: "Internal error", message: message), log: LogLine(.internalError, reason))
    }
}
