@testable import App
import Encoding
import Testing

/// The session and login-state payloads' JSON (README "Session payload"): member names, sorted output, absent
/// optionals left out, and a reader that refuses any other shape.
@Suite("Session payload JSON")
struct SessionPayloadTests {
    static let full: Session = {
        var s = Session(iss: "https://login.example/t/v2.0", sub: "ada", aud: "client-1",
                        claims: ["name": .string("Ada \"L\""), "groups": .array([.string("g1"), .string("g2")])],
                        idExp: 1_700_003_600, created: 1_700_000_000, seen: 1_700_000_100, exp: 1_700_086_400)
        s.groupsOverage = true
        s.authTime = 1_699_999_999
        s.at = "a.b.c"
        s.atExp = 1_700_003_000
        s.atScope = "User.Read openid"
        s.rt = "0.refresh/token+x"
        return s
    }()

    @Test("every member by its name, sorted, as JSONEncoder with .sortedKeys and .withoutEscapingSlashes wrote it")
    func written() {
        let text = String(decoding: Self.full.json, as: UTF8.self)
        #expect(text == #"{"at":"a.b.c","atExp":1700003000,"atScope":"User.Read openid","aud":"client-1","authTime":1699999999,"#
            + #""claims":{"groups":["g1","g2"],"name":"Ada \"L\""},"created":1700000000,"exp":1700086400,"groupsOverage":true,"#
            + #""idExp":1700003600,"iss":"https://login.example/t/v2.0","rt":"0.refresh/token+x","seen":1700000100,"sub":"ada","v":1}"#)
    }

    @Test("absent optionals are left out")
    func minimal() {
        let s = Session(iss: "i", sub: "s", aud: "a", claims: [:], idExp: 2, created: 1, seen: 1, exp: 3)
        #expect(String(decoding: s.json, as: UTF8.self)
            == #"{"aud":"a","claims":{},"created":1,"exp":3,"idExp":2,"iss":"i","seen":1,"sub":"s","v":1}"#)
    }

    @Test("what is written reads back the same, and null stands for an absent optional")
    func roundTrip() throws {
        #expect(try Session(json: Self.full.json) == Self.full)
        let withNulls = #"{"v":1,"iss":"i","sub":"s","aud":"a","claims":{"x":1.5},"idExp":2,"created":1,"seen":1,"exp":3,"#
            + #""at":null,"rt":null,"groupsOverage":null,"unknown":[1]}"#
        let s = try Session(json: Array(withNulls.utf8))
        #expect(s.at == nil && s.rt == nil && s.groupsOverage == nil && s.claims["x"] == .number(1.5))
    }

    @Test("a payload of another shape is unreadable", arguments: [
        #"{"iss":"i","sub":"s","aud":"a","claims":{},"idExp":2,"created":1,"seen":1,"exp":3}"#,            // no v
        #"{"v":"1","iss":"i","sub":"s","aud":"a","claims":{},"idExp":2,"created":1,"seen":1,"exp":3}"#,    // v a string
        #"{"v":1,"iss":7,"sub":"s","aud":"a","claims":{},"idExp":2,"created":1,"seen":1,"exp":3}"#,        // iss a number
        #"{"v":1,"iss":"i","sub":"s","aud":"a","claims":[],"idExp":2,"created":1,"seen":1,"exp":3}"#,      // claims a list
        #"{"v":1,"iss":"i","sub":"s","aud":"a","claims":{},"idExp":2.5,"created":1,"seen":1,"exp":3}"#,    // a fraction
        #"{"v":1,"iss":"i","sub":"s","aud":"a","claims":{},"idExp":2,"created":1,"seen":1,"exp":3,"at":5}"#, // at a number
        #"{"v":1,"iss":"i","sub":"s","aud":"a","claims":{},"idExp":2,"created":1,"seen":1,"exp":3,"groupsOverage":"yes"}"#,
        #"{"v":1,"iss":"i","sub":"s","aud":"a","claims":{},"idExp":2,"created":1,"seen":1}"#,               // no exp
        #"{"v":1,"iss":"i","iss":"j","sub":"s","aud":"a","claims":{},"idExp":2,"created":1,"seen":1,"exp":3}"#, // duplicate
        #"[1]"#, #"{"v":1"#, "",
    ])
    func unreadable(_ text: String) {
        #expect(throws: PayloadFields.Unreadable.self) { try Session(json: Array(text.utf8)) }
    }

    @Test("a login state is written with its names, sorted, and read back")
    func loginState() throws {
        var login = LoginState(state: "s" + String(repeating: "A", count: 20), nonce: "n", verifier: "v", iss: "i",
                               redirectURI: "https://x/cb", created: 5)
        #expect(String(decoding: login.json, as: UTF8.self)
            == #"{"created":5,"iss":"i","nonce":"n","redirectURI":"https://x/cb","state":"sAAAAAAAAAAAAAAAAAAAA","verifier":"v"}"#)
        login.flow = "B2C_1_edit"
        login.returnTo = "/files/a b"
        #expect(try LoginState(json: login.json) == login)
        #expect(throws: PayloadFields.Unreadable.self) { try LoginState(json: Array(#"{"state":"s","nonce":"n"}"#.utf8)) }
    }
}
