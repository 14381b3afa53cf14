import Crypto
import Encoding

/// One public signature key from a JWK Set (RFC 7517 §4), already turned into an OpenSSL key.
public struct JWK: Sendable {
    public let kid: String?
    public let kty: String
    public let use: String?
    public let alg: String?
    public let key: VerifyingKey

    public init(kid: String?, kty: String, use: String?, alg: String?, key: VerifyingKey) {
        self.kid = kid
        self.kty = kty
        self.use = use
        self.alg = alg
        self.key = key
    }

    /// Builds a key from one member of `keys`; nil when it cannot check signatures here:
    /// `use` other than "sig" (RFC 7517 §4.2), `key_ops` without "verify" (§4.3), an `alg` we do not verify,
    /// a `kty` other than RSA or EC (RFC 7518 §6.3, §6.2; `oct` is never a public key), or bad key material.
    static func parse(_ object: [String: JSONValue]) -> JWK? {
        guard let kty = object["kty"]?.stringValue else { return nil }
        var kid: String?
        if let value = object["kid"] {
            guard let s = value.stringValue else { return nil }
            kid = s
        }
        var use: String?
        if let value = object["use"] {
            guard let s = value.stringValue, s == "sig" else { return nil }
            use = s
        }
        if let value = object["key_ops"] {
            guard let ops = value.stringArrayValue, ops.contains("verify") else { return nil }
        }
        var alg: String?
        if let value = object["alg"] {
            guard let s = value.stringValue, SignatureAlgorithm(rawValue: s) != nil else { return nil }
            alg = s
        }
        guard let key = verifyingKey(kty: kty, object) else { return nil }
        return JWK(kid: kid, kty: kty, use: use, alg: alg, key: key)
    }

    /// RSA from `n` and `e` (RFC 7518 §6.3.1); EC from `crv`, `x`, `y` of the curve's full size (§6.2.1).
    private static func verifyingKey(kty: String, _ object: [String: JSONValue]) -> VerifyingKey? {
        switch kty {
        case "RSA":
            guard let n = member("n", object), let e = member("e", object) else { return nil }
            return try? VerifyingKey.rsa(modulus: n, exponent: e)
        case "EC":
            guard let crv = object["crv"]?.stringValue, let curve = ECCurve(rawValue: crv),
                  let x = member("x", object), let y = member("y", object),
                  x.count == coordinateSize(curve), y.count == coordinateSize(curve) else { return nil }
            return try? VerifyingKey.ec(curve: curve, x: x, y: y)
        default:
            return nil
        }
    }

    private static func member(_ name: String, _ object: [String: JSONValue]) -> [UInt8]? {
        guard let text = object[name]?.stringValue, let bytes = Base64.urlDecode(text), !bytes.isEmpty else { return nil }
        return bytes
    }

    private static func coordinateSize(_ curve: ECCurve) -> Int {
        switch curve {
        case .p256: return 32
        case .p384: return 48
        case .p521: return 66
        }
    }

    /// Whether this key may check a signature made with `algorithm`: RSA keys for RS*/PS*, the matching
    /// curve for ES* (RFC 7518 §3.4), and the JWK's own `alg` when it names one (RFC 7517 §4.4).
    public func fits(_ algorithm: SignatureAlgorithm) -> Bool {
        if let alg, alg != algorithm.rawValue { return false }
        switch algorithm {
        case .RS256, .RS384, .RS512, .PS256, .PS384, .PS512:
            return kty == "RSA" && key.isRSA
        case .ES256:
            return kty == "EC" && key.ecCurve == .p256
        case .ES384:
            return kty == "EC" && key.ecCurve == .p384
        case .ES512:
            return kty == "EC" && key.ecCurve == .p521
        }
    }
}
