import Crypto
import Encoding

/// A signed JWT that authenticates the client at the token endpoint, `private_key_jwt` (RFC 7523 §2.2, §3;
/// OpenID Connect Core 1.0 §9). The header names the certificate as Microsoft's "Microsoft identity platform
/// application authentication certificate credentials" asks: `x5t#S256` (SHA-256 thumbprint) with PS256; `x5t`
/// (SHA-1 thumbprint, RFC 7515 §4.1.7) is sent too, for providers and older Entra endpoints that read only it.
public enum ClientAssertion {
    /// The `client_assertion_type` value (RFC 7523 §2.2).
    public static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// Seconds from `iat` to `exp`: short, as RFC 7523 §3 item 4 and Entra's 10-minute limit want.
    public static let lifetime: Int64 = 300
    /// Accepted lengths of the random bytes behind `jti` (RFC 7519 §4.1.7: unique per assertion).
    public static let jtiBytes = 16...32

    /// A compact JWS (RFC 7515 §7.1) with `iss` = `sub` = `clientID`, `aud` = the token endpoint URL, `iat` = `nbf` =
    /// `now`, `exp` = `now` + `lifetime` and `jti` = base64url of `jti`, which must come from a secure random source.
    public static func make(certificate: ClientCertificate, clientID: String, audience tokenEndpoint: String, now: Int64,
                            jti: [UInt8], algorithm: SignatureAlgorithm = .PS256) throws(OIDCError) -> String {
        guard algorithm == .PS256 || algorithm == .RS256 else { throw .clientAssertion("\(algorithm.rawValue) is not PS256 or RS256") }
        guard jtiBytes.contains(jti.count) else { throw .clientAssertion("jti needs 16 to 32 random bytes") }
        guard !clientID.isEmpty, !tokenEndpoint.isEmpty else { throw .clientAssertion("client id and token endpoint are required") }
        let header = JSONValue.object([
            "alg": .string(algorithm.rawValue),
            "typ": .string("JWT"),
            "x5t#S256": .string(Base64.urlEncode(certificate.sha256Thumbprint)),
            "x5t": .string(Base64.urlEncode(certificate.sha1Thumbprint)),
        ])
        let claims = JSONValue.object([
            "iss": .string(clientID),
            "sub": .string(clientID),
            "aud": .string(tokenEndpoint),
            "iat": .number(Double(now)),
            "nbf": .number(Double(now)),
            "exp": .number(Double(now + lifetime)),
            "jti": .string(Base64.urlEncode(jti)),
        ])
        let input = Base64.urlEncode(header.serialized()) + "." + Base64.urlEncode(claims.serialized())
        do {
            let signature = try certificate.sign(message: Array(input.utf8), algorithm: algorithm)
            return input + "." + Base64.urlEncode(signature)
        } catch {
            throw .clientAssertion("signing failed: \(error)")
        }
    }

    /// PS256, which Entra asks for, unless the provider lists `token_endpoint_auth_signing_alg_values_supported`
    /// (OpenID Connect Discovery 1.0 §3) without PS256 but with RS256.
    public static func algorithm(for metadata: ProviderMetadata) -> SignatureAlgorithm {
        let listed = metadata.tokenAuthSigningAlgs
        if !listed.isEmpty, !listed.contains("PS256"), listed.contains("RS256") { return .RS256 }
        return .PS256
    }
}
