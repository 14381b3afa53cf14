/// Why a cookie could not be sealed or opened. Reasons never contain the cookie, the key or the payload.
public enum VaultError: Error, Equatable {
    /// Not a JWE of the one shape we write (RFC 7516 §7.1, this program's header), or sealing failed.
    case malformed(String)
    /// The `kid` names no current or previous key.
    case unknownKey
    /// The authentication tag does not match (RFC 7518 §5.2.2.2): tampered, truncated or another key.
    case badTag
    /// Sealed for another purpose (e.g. a login state offered as a session).
    case wrongPurpose
    /// `exp` is not after now.
    case expired
    /// The cookie, or its payload once inflated, is over the size limit.
    case tooLarge
    /// The secret is shorter than 32 bytes.
    case badSecret
}
