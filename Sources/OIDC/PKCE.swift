import Crypto
import Encoding

/// Proof Key for Code Exchange with the S256 method (RFC 7636 §4.1, §4.2).
public struct PKCE: Sendable {
    /// base64url of the caller's random bytes: 32 bytes give the 43 characters RFC 7636 §4.1 recommends.
    public let verifier: String
    /// BASE64URL(SHA256(ASCII(code_verifier))) (RFC 7636 §4.2).
    public let challenge: String
    /// The value of `code_challenge_method`.
    public static let method = "S256"

    /// `verifierBytes` must come from a secure random source (RFC 7636 §7.1).
    public init(verifierBytes: [UInt8]) {
        verifier = Base64.urlEncode(verifierBytes)
        challenge = Base64.urlEncode(SHA2.sha256(Array(verifier.utf8)))
    }
}
