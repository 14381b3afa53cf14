import Crypto
import Encoding
import JOSE
import KeyFixtures

/// Real keys and real signatures (fixed keys, signed by OpenSSL via Crypto.SigningKey) for ID token tests, at a fixed `now`.
enum TokenFactory {
    static let now: Int64 = 1_700_000_000
    static let issuer = "https://login.example.com/tenant-1/v2.0"
    static let clientID = "client-1"
    static let nonce = "n-0S6_WzA2Mj"
    static let tenantGUID = "9188040d-6c67-4c5b-b112-36a304b66dad"

    static let rsa = TestKey.rsaA
    static let rsa2 = TestKey.rsaB
    static let ec = TestKey.p256A

    /// One JWKS member from a key's public JWK plus extra members.
    static func member(_ key: TestKey, kid: String?, extra: [String: String] = [:]) -> JSONValue {
        var object = key.publicJWK.mapValues(JSONValue.string)
        if let kid { object["kid"] = .string(kid) }
        for (k, v) in extra { object[k] = .string(v) }
        return .object(object)
    }

    static func jwksJSON(_ members: [JSONValue]) -> [UInt8] {
        JSONValue.object(["keys": .array(members)]).serialized()
    }

    /// The usual provider key set: "rsa-1", "rsa-2", "ec-1".
    static func keys() throws -> JWKSet {
        try JWKSet(json: jwksJSON([member(rsa, kid: "rsa-1"), member(rsa2, kid: "rsa-2"), member(ec, kid: "ec-1")]))
    }

    /// Claims that pass every check; `edit` changes them per case.
    static func claims(_ edit: (inout [String: JSONValue]) -> Void = { _ in }) -> [String: JSONValue] {
        var claims: [String: JSONValue] = [
            "iss": .string(issuer),
            "aud": .string(clientID),
            "sub": .string("user-1"),
            "iat": .number(Double(now - 10)),
            "exp": .number(Double(now + 600)),
            "nonce": .string(nonce),
            "name": .string("Ada"),
        ]
        edit(&claims)
        return claims
    }

    static func encode(_ object: [String: JSONValue]) -> String {
        Base64.urlEncode(JSONValue.object(object).serialized())
    }

    /// A token signed for real with `key`; `kid` nil leaves it out of the header.
    static func token(alg: SignatureAlgorithm = .RS256, key: TestKey = rsa, kid: String? = "rsa-1",
                      claims: [String: JSONValue] = claims()) throws -> String {
        var header: [String: JSONValue] = ["alg": .string(alg.rawValue), "typ": .string("JWT")]
        if let kid { header["kid"] = .string(kid) }
        return try signed(header: header, payload: JSONValue.object(claims).serialized(), key: key, alg: alg)
    }

    static func signed(header: [String: JSONValue], payload: [UInt8], key: TestKey, alg: SignatureAlgorithm) throws -> String {
        try signed(headerJSON: JSONValue.object(header).serialized(), payload: payload, key: key, alg: alg)
    }

    /// A correctly signed token over header bytes as given, for header texts `serialized()` never writes.
    static func signed(headerJSON: [UInt8], payload: [UInt8], key: TestKey, alg: SignatureAlgorithm) throws -> String {
        let input = Base64.urlEncode(headerJSON) + "." + Base64.urlEncode(payload)
        let signature = try key.sign(message: Array(input.utf8), algorithm: alg)
        return input + "." + Base64.urlEncode(signature)
    }

    /// A token with any header and a given signature, for algorithms we must refuse (none, HS256).
    static func forged(header: [String: JSONValue], claims: [String: JSONValue] = claims(), signature: ([UInt8]) -> [UInt8]) -> String {
        let input = encode(header) + "." + encode(claims)
        return input + "." + Base64.urlEncode(signature(Array(input.utf8)))
    }

    static let validator = IDTokenValidator(issuer: issuer, clientID: clientID)

    /// A short name of an error for tables: "malformed", "alg:RS384", "claim:exp", ...
    static func summary(_ error: JOSEError) -> String {
        switch error {
        case .malformed: return "malformed"
        case .algorithmNotAllowed(let alg): return "alg:\(alg)"
        case .unknownKeyID: return "unknownKeyID"
        case .noUsableKey: return "noUsableKey"
        case .badSignature: return "badSignature"
        case .claim(let name, _): return "claim:\(name)"
        case .v1Token: return "v1Token"
        }
    }
}
