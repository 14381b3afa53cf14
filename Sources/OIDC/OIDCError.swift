/// Why a provider setting, document or answer was refused. Messages never contain secrets or tokens.
public enum OIDCError: Error, Equatable {
    /// The authority settings cannot name a provider (docs/contract.md "Settings").
    case configuration(String)
    /// The discovery document is unusable (OpenID Connect Discovery 1.0 §3).
    case badMetadata(String)
    /// The discovery document's `issuer` is not the configured authority's (Discovery §4.3).
    case issuerMismatch
    /// The token endpoint's answer is unusable (RFC 6749 §5.1).
    case badTokenResponse(String)
    /// A client assertion cannot be made (RFC 7523 §3).
    case clientAssertion(String)
    /// The token endpoint refused the request (RFC 6749 §5.2).
    case tokenError(code: String, description: String?)
}
