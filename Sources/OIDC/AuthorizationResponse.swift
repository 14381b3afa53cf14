import JOSE

/// The checks of an authorization response that need no I/O (RFC 6749 §4.1.2, RFC 9207 §2.4), on the callback's
/// query parameters in the order sent.
public struct AuthorizationResponse: Sendable {
    public enum Problem: Error, Equatable, Sendable {
        /// No `state`, or more than one (RFC 6749 §10.12: the state binds the response to this browser).
        case missingState
        /// `iss` sent more than once.
        case duplicateIss
        /// `iss` is not the provider's issuer (RFC 9207 §2.4).
        case issMismatch
        /// The provider advertises `authorization_response_iss_parameter_supported` but sent no `iss` (RFC 9207 §2.4).
        case issMissing
        /// No `code`, more than one, or an unusable one (RFC 6749 §4.1.2).
        case missingCode
    }

    /// The longest `code` accepted.
    public static let maxCodeBytes = 4096

    public let parameters: [(String, String)]

    public init(parameters: [(String, String)]) {
        self.parameters = parameters
    }

    private func values(_ name: String) -> [String] {
        parameters.filter { $0.0 == name }.map(\.1)
    }

    /// The one `state` (RFC 6749 §4.1.2), checked before anything else.
    public func state() throws(Problem) -> String {
        let all = values("state")
        guard all.count == 1, let state = all.first, !state.isEmpty else { throw .missingState }
        return state
    }

    /// The error response (RFC 6749 §4.1.2.1), `error` and `error_description` cut to a displayable length.
    public var error: (code: String, description: String?)? {
        guard let code = values("error").first else { return nil }
        return (String(code.prefix(200)), values("error_description").first.map { String($0.prefix(1000)) })
    }

    /// RFC 9207 §2.4: `iss`, when present, must be the issuer (for Entra's `{tenantid}` template, one tenant's);
    /// when the provider advertises the parameter it must be present. Returns the `iss` sent, for comparing with
    /// the ID token's own `iss` later.
    public func checkIssuer(_ issuer: String, advertised: Bool) throws(Problem) -> String? {
        let all = values("iss")
        guard all.count <= 1 else { throw .duplicateIss }
        guard let iss = all.first else {
            if advertised { throw .issMissing }
            return nil
        }
        guard IssuerTemplate.matches(iss, issuer) else { throw .issMismatch }
        return iss
    }

    /// The one authorization `code`.
    public func code() throws(Problem) -> String {
        let all = values("code")
        guard all.count == 1, let code = all.first, !code.isEmpty, code.utf8.count <= Self.maxCodeBytes else { throw .missingCode }
        return code
    }
}
