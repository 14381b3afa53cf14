import Encoding
import JOSE
import Testing

private func part(_ json: String) -> String { Base64.urlEncode(Array(json.utf8)) }

@Suite("Compact JWS parsing (RFC 7515 §7.1)")
struct CompactJWSTests {
    @Test("splits a token into header, payload, signing input and signature")
    func parses() throws {
        let token = part(#"{"alg":"RS256","kid":"k"}"#) + "." + part(#"{"sub":"x"}"#) + "." + Base64.urlEncode([1, 2, 3])
        let jws = try CompactJWS(token)
        #expect(jws.header["kid"] == .string("k"))
        #expect(jws.algorithm == "RS256")
        #expect(jws.payload == Array(#"{"sub":"x"}"#.utf8))
        #expect(jws.signature == [1, 2, 3])
        #expect(jws.signingInput == Array(token.split(separator: ".").prefix(2).joined(separator: ".").utf8))
    }

    static let bad: [(String, String)] = [
        ("two parts", part(#"{"alg":"RS256"}"#) + "." + part("{}")),
        ("four parts", part(#"{"alg":"RS256"}"#) + "." + part("{}") + ".AQ.AQ"),
        ("five parts (JWE)", part(#"{"alg":"dir","enc":"A256GCM"}"#) + "..aXY.Y2lwaGVy.dGFn"),
        ("padding in a part", part(#"{"alg":"RS256"}"#) + "." + part("{}") + ".AQ=="),
        ("standard alphabet in a part", part(#"{"alg":"RS256"}"#) + "." + part("{}") + ".a+b/"),
        ("white space", part(#"{"alg":"RS256"}"#) + " ." + part("{}") + ".AQ"),
        ("header not JSON", part("alg") + "." + part("{}") + ".AQ"),
        ("header an array", part(#"["alg"]"#) + "." + part("{}") + ".AQ"),
        ("header without alg", part(#"{"typ":"JWT"}"#) + "." + part("{}") + ".AQ"),
        ("alg not a string", part(#"{"alg":null}"#) + "." + part("{}") + ".AQ"),
        ("crit present", part(#"{"alg":"RS256","crit":["exp"]}"#) + "." + part("{}") + ".AQ"),
        ("duplicate alg (RFC 7515 §4)", part(#"{"alg":"RS256","alg":"none"}"#) + "." + part("{}") + ".AQ"),
        ("duplicate alg, one escaped", part(#"{"alg":"none","kid":"k","\u0061lg":"RS256"}"#) + "." + part("{}") + ".AQ"),
        ("duplicate kid", part(#"{"alg":"RS256","kid":"a","kid":"b"}"#) + "." + part("{}") + ".AQ"),
        ("empty", ""),
    ]

    @Test("malformed tokens are refused", arguments: bad)
    func refuses(_ name: String, _ token: String) {
        #expect(throws: JOSEError.self) { try CompactJWS(token) }
        do {
            _ = try CompactJWS(token)
        } catch {
            guard case .malformed = error else { Issue.record("\(name): \(error)"); return }
        }
    }

    @Test("the length cap counts the whole token")
    func lengthCap() throws {
        let token = part(#"{"alg":"RS256"}"#) + "." + part(String(repeating: "a", count: 100)) + ".AQ"
        #expect(throws: JOSEError.self) { try CompactJWS(token, maxLength: token.utf8.count - 1) }
        #expect(try CompactJWS(token, maxLength: token.utf8.count).signature == [1])
    }
}
