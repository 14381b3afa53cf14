import Crypto
import Encoding
import JOSE
import Testing

/// One token the validator must refuse, and the error it must give.
struct Rejection: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: String
    var nonce: String? = TokenFactory.nonce
    var validator = TokenFactory.validator
    let token: @Sendable () throws -> String
    var testDescription: String { name }
}

private typealias F = TokenFactory

private func withClaims(_ edit: @escaping @Sendable (inout [String: JSONValue]) -> Void) -> @Sendable () throws -> String {
    { try F.token(claims: F.claims(edit)) }
}

/// Signed claims text with `extra` members written before the usual ones, so a name can appear twice.
private func withRawMembers(_ extra: String, header: String = #"{"alg":"RS256","kid":"rsa-1"}"#) -> @Sendable () throws -> String {
    {
        let claims = JSONValue.object(F.claims()).serialized()
        return try F.signed(headerJSON: Array(header.utf8), payload: Array("{\(extra),".utf8) + claims.dropFirst(), key: F.rsa, alg: .RS256)
    }
}

private let entra = IDTokenValidator(issuer: "https://login.microsoftonline.com/{tenantid}/v2.0", clientID: F.clientID)

private let rejections: [Rejection] = [
    Rejection(name: "signature by another key under the kid", expected: "badSignature") {
        try F.token(key: F.rsa2, kid: "rsa-1")
    },
    Rejection(name: "signature with a flipped byte", expected: "badSignature") {
        let token = try F.token()
        let parts = token.split(separator: ".")
        var signature = Base64.urlDecode(parts[2]) ?? []
        signature[10] ^= 1
        return parts[0] + "." + parts[1] + "." + Base64.urlEncode(signature)
    },
    Rejection(name: "wrong iss", expected: "claim:iss", token: withClaims { $0["iss"] = .string("https://evil.example.com/tenant-1/v2.0") }),
    Rejection(name: "iss with an extra trailing slash", expected: "claim:iss", token: withClaims { $0["iss"] = .string(F.issuer + "/") }),
    Rejection(name: "missing iss", expected: "claim:iss", token: withClaims { $0["iss"] = nil }),
    Rejection(name: "wrong aud", expected: "claim:aud", token: withClaims { $0["aud"] = .string("client-2") }),
    Rejection(name: "aud as a number", expected: "claim:aud", token: withClaims { $0["aud"] = .number(1) }),
    Rejection(name: "empty aud array", expected: "claim:aud", token: withClaims { $0["aud"] = .array([]) }),
    Rejection(name: "multiple aud without azp", expected: "claim:azp",
              token: withClaims { $0["aud"] = .array([.string(F.clientID), .string("api-2")]) }),
    Rejection(name: "multiple aud with azp of another client", expected: "claim:azp", token: withClaims {
        $0["aud"] = .array([.string(F.clientID), .string("api-2")])
        $0["azp"] = .string("api-2")
    }),
    Rejection(name: "azp wrong with one aud", expected: "claim:azp", token: withClaims { $0["azp"] = .string("client-2") }),
    Rejection(name: "missing sub", expected: "claim:sub", token: withClaims { $0["sub"] = nil }),
    Rejection(name: "empty sub", expected: "claim:sub", token: withClaims { $0["sub"] = .string("") }),
    Rejection(name: "sub as a number", expected: "claim:sub", token: withClaims { $0["sub"] = .number(42) }),
    Rejection(name: "missing iat", expected: "claim:iat", token: withClaims { $0["iat"] = nil }),
    Rejection(name: "iat in the future beyond leeway", expected: "claim:iat",
              token: withClaims { $0["iat"] = .number(Double(F.now + 301)) }),
    Rejection(name: "nonce mismatch", expected: "claim:nonce", token: withClaims { $0["nonce"] = .string("n-other") }),
    Rejection(name: "nonce missing when expected", expected: "claim:nonce", token: withClaims { $0["nonce"] = nil }),
    Rejection(name: "alg none", expected: "alg:none") {
        F.forged(header: ["alg": .string("none"), "typ": .string("JWT")]) { _ in [] }
    },
    Rejection(name: "HS256 keyed with the RSA public key bytes", expected: "alg:HS256") {
        F.forged(header: ["alg": .string("HS256"), "kid": .string("rsa-1")]) { input in
            HMAC.sha256(key: Base64.urlDecode(F.rsa.publicJWK["n"] ?? "") ?? [], message: input)
        }
    },
    Rejection(name: "RS384 not allowed by default", expected: "alg:RS384") { try F.token(alg: .RS384) },
    Rejection(name: "alg that is not a string", expected: "malformed") {
        F.forged(header: ["alg": .number(256)]) { _ in [1, 2, 3] }
    },
    Rejection(name: "expired beyond leeway", expected: "claim:exp", token: withClaims { $0["exp"] = .number(Double(F.now - 300)) }),
    Rejection(name: "missing exp", expected: "claim:exp", token: withClaims { $0["exp"] = nil }),
    Rejection(name: "exp 1e300", expected: "claim:exp", token: withClaims { $0["exp"] = .number(1e300) }),
    Rejection(name: "exp as a string", expected: "claim:exp", token: withClaims { $0["exp"] = .string("1700000600") }),
    Rejection(name: "exp negative", expected: "claim:exp", token: withClaims { $0["exp"] = .number(-1) }),
    Rejection(name: "exp fractional", expected: "claim:exp", token: withClaims { $0["exp"] = .number(Double(F.now) + 600.5) }),
    Rejection(name: "nbf in the future beyond leeway", expected: "claim:nbf",
              token: withClaims { $0["nbf"] = .number(Double(F.now + 301)) }),
    Rejection(name: "nbf as a string", expected: "claim:nbf", token: withClaims { $0["nbf"] = .string("0") }),
    Rejection(name: "iat -1e300", expected: "claim:iat", token: withClaims { $0["iat"] = .number(-1e300) }),
    Rejection(name: "unknown kid", expected: "unknownKeyID") { try F.token(kid: "rotated-key") },
    Rejection(name: "kid that is not a string", expected: "malformed") {
        try F.signed(header: ["alg": .string("RS256"), "kid": .number(1)], payload: JSONValue.object(F.claims()).serialized(),
                     key: F.rsa, alg: .RS256)
    },
    Rejection(name: "kid of an EC key on an RS256 token", expected: "noUsableKey") { try F.token(kid: "ec-1") },
    Rejection(name: "signed payload that is not JSON", expected: "malformed") {
        try F.signed(header: ["alg": .string("RS256"), "kid": .string("rsa-1")], payload: Array("not json".utf8), key: F.rsa, alg: .RS256)
    },
    Rejection(name: "token with 5 parts (JWE)", expected: "malformed") { "eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn" },
    Rejection(name: "over-long token", expected: "malformed") {
        try F.token(claims: F.claims { $0["padding"] = .string(String(repeating: "x", count: 20_000)) })
    },
    Rejection(name: "garbage base64", expected: "malformed") { "eyJ!!!.e30.c2ln" },
    // RFC 7519 §4: a claims set naming a claim twice is refused, whichever copy another library would read.
    Rejection(name: "signed claims with sub twice", expected: "malformed", token: withRawMembers(#""sub":"victim""#)),
    Rejection(name: "signed claims with aud twice", expected: "malformed", token: withRawMembers(#""aud":"someone-else""#)),
    Rejection(name: "signed claims with an escaped second iss", expected: "malformed",
              token: withRawMembers(#""\u0069ss":"https://evil.example""#)),
    Rejection(name: "signed claims with a duplicate inside a nested object", expected: "malformed",
              token: withRawMembers(#""cnf":{"jkt":"a","jkt":"b"}"#)),
    Rejection(name: "signed header with alg twice", expected: "malformed",
              token: withRawMembers(#""x":1"#, header: #"{"alg":"RS256","kid":"rsa-1","alg":"RS256"}"#)),
    Rejection(name: "signed header with kid twice", expected: "malformed",
              token: withRawMembers(#""x":1"#, header: #"{"alg":"RS256","kid":"rsa-2","kid":"rsa-1"}"#)),
    Rejection(name: "Entra template with tid evil", expected: "claim:tid", validator: entra, token: withClaims {
        $0["iss"] = .string("https://login.microsoftonline.com/evil/v2.0")
        $0["tid"] = .string("evil")
    }),
    Rejection(name: "Entra template without tid", expected: "claim:tid", validator: entra, token: withClaims {
        $0["iss"] = .string("https://login.microsoftonline.com/\(F.tenantGUID)/v2.0")
    }),
    Rejection(name: "Entra template with a GUID tid other than the iss tenant", expected: "claim:iss", validator: entra, token: withClaims {
        $0["iss"] = .string("https://login.microsoftonline.com/\(F.tenantGUID)/v2.0")
        $0["tid"] = .string("72f988bf-86f1-41af-91ab-2d7cd011db47")
    }),
]

@Suite("ID token rejections (OIDC Core 3.1.3.7)")
struct IDTokenRejectionTests {
    @Test("each bad token is refused with its own error", arguments: rejections)
    func rejects(_ rejection: Rejection) throws {
        let token = try rejection.token()
        let keys = try F.keys()
        do {
            _ = try rejection.validator.validate(token, keys: keys, nonce: rejection.nonce, now: F.now)
            Issue.record("accepted a token that should fail with \(rejection.expected)")
        } catch {
            #expect(F.summary(error) == rejection.expected)
        }
    }

    @Test("the raw-member tokens above are valid without the duplicate (the duplicate alone is refused)")
    func rawMembersControl() throws {
        let claims = try F.validator.validate(try withRawMembers(#""x":1"#)(), keys: try F.keys(), nonce: F.nonce, now: F.now)
        #expect(claims.all["x"] == .number(1))
    }
}
