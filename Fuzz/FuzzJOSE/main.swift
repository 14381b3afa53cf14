// JWK Set (RFC 7517 §5), compact JWS (RFC 7515 §7.1) and ID token validation (OIDC Core §3.1.3.7).
// Input: mode byte, then fields split at NUL. Mode 0: JWKS, token (checked against that JWKS, else the fixed one).
// Mode 1: a claims set, signed here with the fixed key so the claim checks behind the signature are reached.
import Crypto
import Encoding
import FuzzSupport
import JOSE
import KeyFixtures

let key = TestKey.p256A
var member = key.publicJWK
member["kid"] = "k1"
let fixedKeys = try! JWKSet(json: JSONValue.object(["keys": .array([.object(member.mapValues(JSONValue.string))])]).serialized())
let validator = IDTokenValidator(issuer: "https://login.example.com/{tenantid}/v2.0", clientID: "client-1")
let now: Int64 = 1_700_000_000

fuzz { bytes in
    guard let mode = bytes.first else { return }
    let parts = fields(Array(bytes.dropFirst()), count: 2)
    if mode & 1 == 0 {
        let keys = (try? JWKSet(json: parts[0])) ?? fixedKeys
        let token = text(parts.count > 1 ? parts[1] : [])
        _ = try? CompactJWS(token)
        _ = try? validator.validate(token, keys: keys, nonce: "n-1", now: now)
    } else {
        let header = Base64.urlEncode(Array(#"{"alg":"ES256","kid":"k1"}"#.utf8))
        let input = header + "." + Base64.urlEncode(parts[0])
        guard let signature = try? key.sign(message: Array(input.utf8), algorithm: .ES256) else { return }
        let token = input + "." + Base64.urlEncode(signature)
        let nonce = parts.count > 1 ? text(parts[1]) : nil
        _ = try? validator.validate(token, keys: fixedKeys, nonce: nonce, now: now)
    }
}
