import Crypto
import FoundationEssentials
import KeyFixtures
import Testing

/// Certificate credentials read from PEM fixtures made with the openssl CLI (Tests/CryptoTests/Fixtures).
@Suite("Client certificates (RFC 7523 §2.2 signing keys)")
struct ClientCertificateTests {
    static func pem(_ name: String) -> [UInt8] { TestKey.fixture("CryptoTests/Fixtures/\(name).pem") }

    // `openssl x509 -in client-pkcs8.pem -noout -fingerprint -sha256` / `-sha1` / `-modulus` / `-dates`.
    static let sha256 = "CC:6C:94:86:B1:A2:34:C2:76:D3:14:D8:A2:8A:72:E2:51:DE:0A:15:A3:B1:4E:E9:9E:B9:0B:CD:B1:FA:88:BD"
    static let sha1 = "95:B8:EE:60:D7:D5:66:E9:38:73:01:17:4B:B0:1E:C6:46:88:C4:86"
    static let modulus = """
        D31721E2758BD2CAE0C44CE46F498FEC38ABE67526F2A713BEEF798EB8956653BDE82DF57757FAF2E2D2F0C8A98839B4F2C03582D5B8B004951CEAD4CABDF1F2
        2440FE977095A9365D7679AEFDAE79FC5A5F017F1D034EBBB39CA8CD320FAB570814DBF10884A5FFA151439105F425E0B700E322A792D5E2AD3E967F8C55DB9C
        7CC15DA5E254AE336D5B75737EBF88A4AE759F7C10D83953916CB2BF0FDE36E1CC82A259DC55DB10CA83E73E402E0F5ECEE2066A551FE6DEA52374D9DCA4355F
        2E3FC160617C70D7A4F045F7E57C64C63C89621DF1F7D8D1D687D9615F3EBB2DD299A51696B1CD4D3205D88182F26D98CA4622BAD26A98145AFB9EB8382B0A65
        """
    static let notBefore: Int64 = 1_796_164_157  // Dec  1 22:29:17 2026 GMT
    static let notAfter: Int64 = 2_111_524_157   // Nov 28 22:29:17 2036 GMT

    @Test("a PKCS #8 key and a traditional RSA key give the certificate's thumbprints, dates and subject",
          arguments: ["client-pkcs8", "client-traditional"])
    func load(_ name: String) throws {
        let cert = try ClientCertificate(pem: Self.pem(name))
        #expect(cert.sha256Thumbprint == hex(Self.sha256.replacing(":", with: "")))
        #expect(cert.sha1Thumbprint == hex(Self.sha1.replacing(":", with: "")))
        #expect(SHA2.sha256(cert.der) == cert.sha256Thumbprint)
        #expect(cert.der.first == 0x30)  // a DER SEQUENCE, not PEM text
        #expect(cert.notBefore == Self.notBefore && cert.notAfter == Self.notAfter)
        #expect(cert.subject == "O=Example,CN=signin.cgi test client")
        #expect(cert.signingKey.bits == 2048)
    }

    @Test("the matching certificate is found among others in the file")
    func chain() throws {
        let ec = String(decoding: Self.pem("client-ec"), as: UTF8.self)
        let otherCertificate = try #require(ec.components(separatedBy: "-----END CERTIFICATE-----").first) + "-----END CERTIFICATE-----\n"
        let cert = try ClientCertificate(pem: Array(otherCertificate.utf8) + Self.pem("client-pkcs8"))
        #expect(cert.sha1Thumbprint == hex(Self.sha1.replacing(":", with: "")))
    }

    @Test("PS256 and RS256 signatures verify under the certificate's public key", arguments: [SignatureAlgorithm.PS256, .RS256])
    func signs(_ algorithm: SignatureAlgorithm) throws {
        let cert = try ClientCertificate(pem: Self.pem("client-pkcs8"))
        let message = Array("header.payload".utf8)
        let signature = try cert.sign(message: message, algorithm: algorithm)
        let publicKey = try VerifyingKey.rsa(modulus: hex(Self.modulus), exponent: [1, 0, 1])
        #expect(publicKey.verify(signature: signature, message: message, algorithm: algorithm))
        #expect(!publicKey.verify(signature: signature, message: message + [0], algorithm: algorithm))
        #expect(!TestKey.rsaA.verifyingKey.verify(signature: signature, message: message, algorithm: algorithm))
    }

    static let refused: [(String, CryptoError)] = [
        ("client-rsa1024", .invalidKey("the RSA key has 1024 bits, fewer than 2048")),
        ("client-ec", .invalidKey("the private key is not an RSA key (certificate credentials need RSA)")),
        ("client-mismatched", .invalidKey("the certificate does not match the private key")),
        ("client-encrypted", .invalidKey(PEMReaderMessages.encrypted)),
        ("client-encrypted-traditional", .invalidKey(PEMReaderMessages.encrypted)),
        ("garbage", .invalidKey("the private key block cannot be read")),
        ("cert-only", .invalidKey("no PRIVATE KEY or RSA PRIVATE KEY block")),
        ("key-only", .invalidInput("no CERTIFICATE block")),
    ]

    @Test("unusable files are refused with the reason", arguments: refused)
    func refuses(_ name: String, _ expected: CryptoError) {
        #expect(throws: expected) { try ClientCertificate(pem: Self.pem(name)) }
    }

    @Test("a damaged certificate block is refused")
    func damagedCertificate() {
        let key = Self.pem("key-only")
        let bad = Array("-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK\n-----END CERTIFICATE-----\n".utf8)
        #expect(throws: CryptoError.invalidInput("a CERTIFICATE block is not a valid X.509 certificate")) {
            try ClientCertificate(pem: bad + key)
        }
    }

    @Test("empty and oversized input is refused without parsing")
    func sizes() {
        #expect(throws: CryptoError.self) { try ClientCertificate(pem: []) }
        #expect(throws: CryptoError.invalidInput("PEM input larger than 262144 bytes")) {
            try ClientCertificate(pem: Self.pem("client-pkcs8") + [UInt8](repeating: 0x0a, count: 262_144))
        }
    }
}

enum PEMReaderMessages {
    static let encrypted = "the private key is encrypted; store it unencrypted (openssl pkey -in key.pem -out plain.pem) in a file only its owner can read"
}
