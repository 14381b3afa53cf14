/// Why a CGI request was refused before any route saw it; `App` turns each case into a 4xx page.
public enum CGIError: Error, Equatable, Sendable {
    /// Malformed input at the boundary (400); the reason is short, safe to log, and never echoes input.
    case badRequest(String)
    /// `CONTENT_LENGTH` above `Request.maxBodyBytes` (413); the body is not read.
    case bodyTooLarge
    /// A body was announced without a length (`Transfer-Encoding` but no `CONTENT_LENGTH`) (411).
    case lengthRequired
}
