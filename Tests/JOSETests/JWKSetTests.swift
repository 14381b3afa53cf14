import Crypto
import Encoding
import JOSE
import KeyFixtures
import Testing

private typealias F = TokenFactory

@Suite("JWK Set parsing (RFC 7517 §5)")
struct JWKSetTests {
    @Test("RSA and EC keys are built with their kid, use and alg")
    func parsesKeys() throws {
        let set = try JWKSet(json: F.jwksJSON([
            F.member(F.rsa, kid: "r", extra: ["use": "sig", "alg": "RS256"]),
            F.member(F.ec, kid: "e"),
        ]))
        #expect(set.keys.map(\.kid) == ["r", "e"])
        #expect(set.keys[0].kty == "RSA" && set.keys[0].key.isRSA)
        #expect(set.keys[0].use == "sig" && set.keys[0].alg == "RS256")
        #expect(set.keys[1].kty == "EC" && set.keys[1].key.ecCurve == .p256)
    }

    @Test("P-384 and P-521 keys are usable", arguments: [ECCurve.p384, .p521])
    func otherCurves(_ curve: ECCurve) throws {
        let key = TestKey.ec(curve)
        let set = try JWKSet(json: F.jwksJSON([F.member(key, kid: "k")]))
        #expect(set.keys.first?.key.ecCurve == curve)
    }

    static let unusable: [(String, JSONValue)] = [
        ("use enc", F.member(F.rsa, kid: "x", extra: ["use": "enc"])),
        ("key_ops without verify", .object(["kty": .string("RSA"), "n": .string(F.rsa.publicJWK["n"] ?? ""),
                                            "e": .string(F.rsa.publicJWK["e"] ?? ""), "key_ops": .array([.string("encrypt")])])),
        ("alg RSA-OAEP", F.member(F.rsa, kid: "x", extra: ["alg": "RSA-OAEP"])),
        ("kty oct", .object(["kty": .string("oct"), "k": .string("c2VjcmV0c2VjcmV0c2VjcmV0")])),
        ("kty OKP", .object(["kty": .string("OKP"), "crv": .string("Ed25519"), "x": .string("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")])),
        ("missing kty", .object(["n": .string("AQAB"), "e": .string("AQAB")])),
        ("RSA modulus not base64url", F.member(F.rsa, kid: "x", extra: ["n": "not base64!"])),
        ("RSA modulus too small", .object(["kty": .string("RSA"), "n": .string(Base64.urlEncode([UInt8](repeating: 0xC5, count: 128))),
                                           "e": .string("AQAB")])),
        ("EC point off the curve", F.member(F.ec, kid: "x", extra: ["y": F.ec.publicJWK["x"] ?? ""])),
        ("EC coordinate too short", F.member(F.ec, kid: "x", extra: ["x": Base64.urlEncode([UInt8](repeating: 1, count: 31))])),
        ("EC unknown curve", F.member(F.ec, kid: "x", extra: ["crv": "secp256k1"])),
        ("kid not a string", .object(["kty": .string("RSA"), "kid": .number(1), "n": .string(F.rsa.publicJWK["n"] ?? ""),
                                      "e": .string(F.rsa.publicJWK["e"] ?? "")])),
        ("not an object", .string("key")),
    ]

    @Test("unusable keys are skipped beside a good one", arguments: unusable)
    func skipsUnusable(_ name: String, _ member: JSONValue) throws {
        let set = try JWKSet(json: F.jwksJSON([member, F.member(F.rsa2, kid: "good")]))
        #expect(set.keys.map(\.kid) == ["good"], "\(name)")
    }

    @Test("a set of only unusable keys is noUsableKey", arguments: unusable)
    func onlyUnusable(_ name: String, _ member: JSONValue) {
        #expect(throws: JOSEError.noUsableKey, "\(name)") { try JWKSet(json: F.jwksJSON([member])) }
    }

    @Test("documents of the wrong shape are malformed", arguments: [
        "not json", "[]", #"{"keys":{}}"#, #"{"nokeys":[]}"#,
    ])
    func malformed(_ text: String) {
        #expect(throws: JOSEError.self) { try JWKSet(json: Array(text.utf8)) }
        #expect((try? JWKSet(json: Array(text.utf8))) == nil)
    }

    @Test("a key set naming a member twice is refused whole, in the set or in a key (RFC 7517 §4, RFC 7515 §4)")
    func duplicateMembers() throws {
        let member = F.member(F.rsa, kid: "r").serialized()
        let set = { (key: [UInt8]) in Array(#"{"keys":["#.utf8) + key + Array("]}".utf8) }
        #expect(try JWKSet(json: set(member)).keys.map(\.kid) == ["r"])
        let twoKids = Array(#"{"kid":"other","#.utf8) + member.dropFirst()
        #expect(throws: JOSEError.malformed("key set is not a JSON object")) { try JWKSet(json: set(twoKids)) }
        let twoKeyArrays = Array(#"{"keys":[],"keys":["#.utf8) + member + Array("]}".utf8)
        #expect(throws: JOSEError.malformed("key set is not a JSON object")) { try JWKSet(json: twoKeyArrays) }
    }

    @Test("an empty keys array is noUsableKey")
    func emptyKeys() {
        #expect(throws: JOSEError.noUsableKey) { try JWKSet(json: Array(#"{"keys":[]}"#.utf8)) }
    }

    @Test("an oversize document is refused before parsing")
    func sizeCap() {
        var json = Array(#"{"keys":[],"pad":""#.utf8)
        json += [UInt8](repeating: UInt8(ascii: "a"), count: JWKSet.maxBytes)
        json += Array(#""}"#.utf8)
        #expect(throws: JOSEError.malformed("key set larger than \(JWKSet.maxBytes) bytes")) { try JWKSet(json: json) }
    }

    @Test("too many keys are refused")
    func keyCountCap() {
        let members = [JSONValue](repeating: F.member(F.ec, kid: "e"), count: JWKSet.maxKeys + 1)
        #expect(throws: JOSEError.self) { try JWKSet(json: F.jwksJSON(members)) }
    }
}
