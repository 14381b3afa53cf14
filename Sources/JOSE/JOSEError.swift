/// Why a JWS, a key set or an ID token was refused. Messages never contain token material.
public enum JOSEError: Error, Equatable {
    /// Not a well-formed compact JWS or JWK Set (RFC 7515 §7.1, RFC 7517 §5).
    case malformed(String)
    /// The header's `alg` is not in the allow-list (never `none`, never HMAC).
    case algorithmNotAllowed(String)
    /// The header names a `kid` the key set does not hold: the caller may refetch the keys once.
    case unknownKeyID
    /// No key in the set fits the algorithm.
    case noUsableKey
    /// No candidate key verifies the signature.
    case badSignature
    /// A claim check failed: (claim name, reason).
    case claim(String, String)
    /// An Entra ID v1.0 token (`iss` `https://sts.windows.net/{tid}/`) where a v2.0 one was expected
    /// (Microsoft identity platform, "ID token claims reference": the version follows the endpoint).
    case v1Token
}
