import OIDC
import Testing

@Suite("PKCE (RFC 7636)")
struct PKCETests {
    @Test("RFC 7636 Appendix B: verifier and S256 challenge")
    func appendixB() {
        let bytes: [UInt8] = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
                              22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]
        let pkce = PKCE(verifierBytes: bytes)
        #expect(pkce.verifier == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("32 bytes give a 43-character verifier of unreserved characters (RFC 7636 §4.1)")
    func verifierShape() {
        let pkce = PKCE(verifierBytes: [UInt8](repeating: 0xFF, count: 32))
        #expect(pkce.verifier.count == 43)
        #expect(pkce.verifier.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(pkce.challenge != PKCE(verifierBytes: [UInt8](repeating: 0xFE, count: 32)).challenge)
    }
}
