import Crypto
import Encoding

/// The 64-byte A256CBC-HS512 key derived from a `SESSION_SECRET`, and its key id (README "Cookies").
/// The key lives in `SecretBytes`: wiped when the last `CookieKey` holding it goes.
public struct CookieKey: Sendable {
    /// HKDF `info` (RFC 5869 §2.3) fixed by the contract.
    static let info = Array("signin.cgi cookie v1".utf8)
    static let minimumSecretBytes = 32

    /// MAC_KEY || ENC_KEY (RFC 7518 §5.2.2.1).
    let key: SecretBytes
    /// The first 8 characters of base64url(SHA-256(key)).
    public let kid: String

    /// Derives the key with HKDF-SHA256 (RFC 5869): IKM = the secret, empty salt, info = "signin.cgi cookie v1", L = 64.
    public init(secret: [UInt8]) throws(VaultError) {
        guard secret.count >= Self.minimumSecretBytes else { throw .badSecret }
        do {
            key = try HKDF.sha256(ikm: secret, salt: [], info: Self.info, length: 64)
        } catch {
            throw .badSecret
        }
        kid = String(Base64.urlEncode(key.withUnsafeBytes { SHA2.sha256($0) }).prefix(8))
    }
}
