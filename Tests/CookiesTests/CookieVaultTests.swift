@testable import Cookies
import Crypto
import Encoding
import Testing

@Suite("Cookie vault")
struct CookieVaultTests {
    let payload = Array(#"{"sub":"alice","name":"Alice Example","claims":{"tid":"9188040d"}}"#.utf8)
    let vault = Fixed.vault

    @Test("a sealed cookie opens to the same payload", arguments: [false, true])
    func roundTrip(_ compress: Bool) throws {
        let jwe = try vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: compress, iv: try SecureRandom.bytes(16))
        let opened = try vault.open(jwe, purpose: .session, now: Fixed.now)
        #expect(opened.payload == payload)
        #expect(!opened.rotated)
    }

    @Test("the JWE has the contract's shape: dir, A256CBC-HS512, kid, pur, exp, zip only when compressed")
    func shape() throws {
        let plain = try vault.seal(payload, purpose: .loginState, expiresAt: Fixed.now + 60, compress: false, iv: try SecureRandom.bytes(16))
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 5 && parts[1].isEmpty)
        #expect(Base64.urlDecode(parts[2])?.count == 16)
        #expect(Base64.urlDecode(parts[4])?.count == 32)
        let header = try protectedHeader(plain)
        #expect(header == ["alg": .string("dir"), "enc": .string("A256CBC-HS512"), "kid": .string(Fixed.key.kid),
                           "pur": .string("login"), "exp": .number(Double(Fixed.now + 60))])
        let zipped = try protectedHeader(vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: true, iv: try SecureRandom.bytes(16)))
        #expect(zipped["zip"] == .string("DEF"))
    }

    @Test("two seals of the same payload differ (fresh random IV)")
    func freshIV() throws {
        let a = try vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: false, iv: try SecureRandom.bytes(16))
        let b = try vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: false, iv: try SecureRandom.bytes(16))
        #expect(a != b)
    }

    @Test("flipping any single byte of a sealed cookie is rejected", arguments: [false, true])
    func everyByteFlipped(_ compress: Bool) throws {
        let jwe = Array(try vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: compress, iv: try SecureRandom.bytes(16)).utf8)
        for index in jwe.indices {
            for bit: UInt8 in [0x01, 0x20] {
                var bytes = jwe
                bytes[index] ^= bit
                let tampered = String(decoding: bytes, as: UTF8.self)
                #expect(throws: VaultError.self, "byte \(index) ^ \(bit)") { try vault.open(tampered, purpose: .session, now: Fixed.now) }
            }
        }
    }

    @Test("every truncation of a sealed cookie is rejected")
    func truncation() throws {
        let jwe = try vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: true, iv: try SecureRandom.bytes(16))
        for length in 0..<jwe.count {
            let cut = String(jwe.prefix(length))
            #expect(throws: VaultError.self, "length \(length)") { try vault.open(cut, purpose: .session, now: Fixed.now) }
        }
    }

    @Test("a cookie under an unknown kid is rejected as unknownKey")
    func wrongKid() throws {
        let other = CookieVault(current: Fixed.otherKey, previous: [])
        let jwe = try other.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: false, iv: try SecureRandom.bytes(16))
        #expect(throws: VaultError.unknownKey) { try vault.open(jwe, purpose: .session, now: Fixed.now) }
    }

    @Test("a cookie whose kid is ours but whose tag was made with another key fails the tag check")
    func forgedKid() throws {
        let header = #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(Fixed.now + 60),"kid":"\#(Fixed.key.kid)","pur":"session"}"#
        let jwe = try sealRaw(headerJSON: header, plaintext: payload, key: Fixed.otherKey)
        #expect(throws: VaultError.badTag) { try vault.open(jwe, purpose: .session, now: Fixed.now) }
    }

    @Test("a cookie under a previous key opens with rotated == true")
    func rotation() throws {
        let old = CookieVault(current: Fixed.otherKey, previous: [])
        let jwe = try old.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: true, iv: try SecureRandom.bytes(16))
        let rotatedVault = CookieVault(current: Fixed.key, previous: [Fixed.otherKey])
        let opened = try rotatedVault.open(jwe, purpose: .session, now: Fixed.now)
        #expect(opened.payload == payload && opened.rotated)
        let fresh = try rotatedVault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: true, iv: try SecureRandom.bytes(16))
        #expect(try protectedHeader(fresh)["kid"] == .string(Fixed.key.kid))
        #expect(try !rotatedVault.open(fresh, purpose: .session, now: Fixed.now).rotated)
    }

    @Test("a cookie sealed for one purpose is refused for the other",
          arguments: [(CookiePurpose.session, CookiePurpose.loginState), (.loginState, .session)])
    func wrongPurpose(_ sealedAs: CookiePurpose, _ openedAs: CookiePurpose) throws {
        let jwe = try vault.seal(payload, purpose: sealedAs, expiresAt: Fixed.now + 60, compress: false, iv: try SecureRandom.bytes(16))
        #expect(throws: VaultError.wrongPurpose) { try vault.open(jwe, purpose: openedAs, now: Fixed.now) }
    }

    @Test("a cookie is expired once now reaches exp", arguments: [Int64(0), 1, 1_000_000])
    func expired(_ after: Int64) throws {
        let jwe = try vault.seal(payload, purpose: .session, expiresAt: Fixed.now, compress: false, iv: try SecureRandom.bytes(16))
        #expect(throws: VaultError.expired) { try vault.open(jwe, purpose: .session, now: Fixed.now + after) }
        #expect(try vault.open(jwe, purpose: .session, now: Fixed.now - 1).payload == payload)
    }

    @Test("input over the size limit is refused before parsing, and so is an oversize payload")
    func oversize() throws {
        let huge = String(repeating: "A", count: CookieVault.maxJWELength + 1)
        #expect(throws: VaultError.tooLarge) { try vault.open(huge, purpose: .session, now: Fixed.now) }
        let big = [UInt8](repeating: 0x41, count: CookieVault.maxPayloadLength + 1)
        #expect(throws: VaultError.tooLarge) { try vault.seal(big, purpose: .session, expiresAt: Fixed.now + 60, compress: true, iv: try SecureRandom.bytes(16)) }
        // Incompressible content that would make a JWE over the limit is refused at sealing too.
        let random = (0..<13_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        #expect(throws: VaultError.tooLarge) { try vault.seal(random, purpose: .session, expiresAt: Fixed.now + 60, compress: false, iv: try SecureRandom.bytes(16)) }
    }

    @Test("a zip:DEF payload inflating past the cap is refused (decompression bomb)")
    func bomb() throws {
        let bomb = try RawDeflate.compress([UInt8](repeating: 0, count: 10 * CookieVault.maxPayloadLength))
        #expect(bomb.count < 1024)
        let header = #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(Fixed.now + 60),"kid":"\#(Fixed.key.kid)","pur":"session","zip":"DEF"}"#
        let jwe = try sealRaw(headerJSON: header, plaintext: bomb, key: Fixed.key)
        #expect(throws: VaultError.tooLarge) { try vault.open(jwe, purpose: .session, now: Fixed.now) }
        // Exactly at the cap still opens.
        let atCap = try RawDeflate.compress([UInt8](repeating: 0, count: CookieVault.maxPayloadLength))
        let ok = try sealRaw(headerJSON: header, plaintext: atCap, key: Fixed.key)
        #expect(try vault.open(ok, purpose: .session, now: Fixed.now).payload.count == CookieVault.maxPayloadLength)
    }

    @Test("authenticated zip:DEF data that is not valid DEFLATE is refused")
    func corruptDeflate() throws {
        let header = #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(Fixed.now + 60),"kid":"\#(Fixed.key.kid)","pur":"session","zip":"DEF"}"#
        let valid = try RawDeflate.compress(payload)
        for plaintext in [[0xff, 0xff, 0xff], Array(valid.dropLast()), valid + [0]] {
            let jwe = try sealRaw(headerJSON: header, plaintext: plaintext, key: Fixed.key)
            #expect(throws: VaultError.self) { try vault.open(jwe, purpose: .session, now: Fixed.now) }
        }
    }

    static let kid = Fixed.key.kid
    static let exp = Fixed.now + 60
    /// Authenticated headers of shapes the vault never writes: each must be refused as malformed.
    static let badHeaders: [String] = [
        #"{"alg":"A256KW","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256GCM","exp":\#(exp),"kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session","crit":["exp"]}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session","x5u":"https://e.test"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session","zip":"GZIP"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":"\#(exp)","kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp).5,"kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":1}"#,
        #"["dir"]"#,
        "not json",
        // RFC 7515 §4 / RFC 7516 §4: a header naming a parameter twice is refused, whichever copy would win.
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"login","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session","pur":"login"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":1,"kid":"\#(kid)","pur":"session","exp":\#(exp)}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session","\u0065xp":\#(exp)}"#,
        #"{"alg":"dir","alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"d\u0069r","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":0\#(exp),"kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp)e0,"kid":"\#(kid)","pur":"session"}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session"} x"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session",}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session","zip":null}"#,
        #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(exp),"kid":"\#(kid)","pur":"session""#,
    ]

    @Test("authenticated cookies with any other header shape are refused", arguments: badHeaders)
    func badHeader(_ header: String) throws {
        let jwe = try sealRaw(headerJSON: header, plaintext: payload, key: Fixed.key)
        #expect(throws: VaultError.self) { try vault.open(jwe, purpose: .session, now: Fixed.now) }
        do {
            _ = try vault.open(jwe, purpose: .session, now: Fixed.now)
        } catch {
            guard case .malformed = error else { Issue.record("expected malformed, got \(error)"); return }
        }
    }

    @Test("a header with JSON white space between its tokens is accepted (RFC 8259 §2)")
    func whiteSpace() throws {
        let header = " {\n\t\"alg\" : \"dir\", \"enc\":\"A256CBC-HS512\",\r\n\"exp\": \(Self.exp) ,\"kid\":\"\(Self.kid)\",\"pur\":\"session\"} "
        let jwe = try sealRaw(headerJSON: header, plaintext: payload, key: Fixed.key)
        #expect(try vault.open(jwe, purpose: .session, now: Fixed.now).payload == payload)
    }

    @Test("a header with members in another order is accepted (only the AAD bytes matter)")
    func memberOrder() throws {
        let header = #"{"pur":"session","kid":"\#(Self.kid)","exp":\#(Self.exp),"enc":"A256CBC-HS512","alg":"dir"}"#
        let jwe = try sealRaw(headerJSON: header, plaintext: payload, key: Fixed.key)
        #expect(try vault.open(jwe, purpose: .session, now: Fixed.now).payload == payload)
    }

    @Test("a non-empty encrypted-key part or a wrong part count is refused",
          arguments: ["AAAA", "."])
    func parts(_ encryptedKey: String) throws {
        let header = #"{"alg":"dir","enc":"A256CBC-HS512","exp":\#(Self.exp),"kid":"\#(Self.kid)","pur":"session"}"#
        let jwe = try sealRaw(headerJSON: header, plaintext: payload, key: Fixed.key, encryptedKey: encryptedKey)
        #expect(throws: VaultError.self) { try vault.open(jwe, purpose: .session, now: Fixed.now) }
    }
}

@Suite("Cookie vault: a seal is a function of its inputs")
struct CookieVaultGoldenTests {
    static let iv: [UInt8] = Array(0x10...0x1F)

    @Test("the same payload, key, header and IV give the same JWE (the IV comes from the caller's random source)")
    func deterministic() throws {
        let payload = Array(#"{"sub":"alice"}"#.utf8)
        let a = try Fixed.vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: false, iv: Self.iv)
        let b = try Fixed.vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: false, iv: Self.iv)
        #expect(a == b)
        // Pinned: key = HKDF of bytes 0…31, IV 0x10…0x1F; tests-e2e/test_cookie_interop.py shows joserfc opens such seals.
        #expect(a == "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwiZXhwIjoxODAwMDAwMDYwLCJraWQiOiJibzNJR1NzQyIsInB1ciI6InNlc3Npb24ifQ..EBESExQVFhcYGRobHB0eHw.VDBEc85SldSDW4qbMz_EFw.xBpsBjypz3LBpdDSyz1xK4GYMDVLVpimPXz8u3mcdDk")
        let other = try Fixed.vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: false, iv: Array(repeating: 0, count: 16))
        #expect(other != a)
        #expect(try Fixed.vault.open(a, purpose: .session, now: Fixed.now).payload == payload)
        #expect(throws: VaultError.self) {
            try Fixed.vault.seal(payload, purpose: .session, expiresAt: Fixed.now + 60, compress: false, iv: Array(repeating: 0, count: 8))
        }
    }
}
