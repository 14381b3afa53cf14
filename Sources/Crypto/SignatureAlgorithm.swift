internal import COpenSSL

/// JWS signature algorithms this program verifies (RFC 7518 §3.1); no `none`, no HMAC.
public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    case RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512

    enum Family { case rsaPKCS1, rsaPSS, ecdsa(ECCurve) }

    var family: Family {
        switch self {
        case .RS256, .RS384, .RS512: .rsaPKCS1
        case .PS256, .PS384, .PS512: .rsaPSS
        case .ES256: .ecdsa(.p256)
        case .ES384: .ecdsa(.p384)
        case .ES512: .ecdsa(.p521)
        }
    }

    /// The hash named by the algorithm's suffix (RFC 7518 §3.3–3.5).
    var digest: OpaquePointer? {
        switch self {
        case .RS256, .PS256, .ES256: EVP_sha256()
        case .RS384, .PS384, .ES384: EVP_sha384()
        case .RS512, .PS512, .ES512: EVP_sha512()
        }
    }
}

/// NIST curves usable with ECDSA in JOSE (RFC 7518 §6.2.1.1), named as in a JWK's `crv`.
public enum ECCurve: String, Sendable {
    case p256 = "P-256", p384 = "P-384", p521 = "P-521"

    /// OpenSSL's group name.
    var groupName: String {
        switch self {
        case .p256: "prime256v1"
        case .p384: "secp384r1"
        case .p521: "secp521r1"
        }
    }

    /// Bytes of one coordinate, and of r or s in a JOSE signature (RFC 7518 §3.4, §6.2.1.2).
    var coordinateSize: Int {
        switch self {
        case .p256: 32
        case .p384: 48
        case .p521: 66
        }
    }
}
