import Crypto
import Encoding
import Testing

/// Signatures made outside this code by the `openssl` command line (`openssl dgst -sha256 -sign`, PSS with
/// `rsa_pss_saltlen:digest`; the ES256 DER signature split into r||s with `openssl asn1parse`), so padding,
/// salt length and the r||s conversion are checked against an independent signer, not only against ourselves.
@Suite("Signatures made by the openssl command line")
struct KnownSignatureTests {
    static let message = Array("signin.cgi known-answer message".utf8)
    static let n = """
        tRZnTQZUDFTzC3SBQio4sMQ_XYgZKq0PnnKcGPD3I8nn5RS5b_BFNmuZgV89MDVJ_y6RjY6mjw0oLQuw3nUv1vWMX6XUim2KL0V8OFHDJ4M3Tt_Ub8et\
        Eu9erS89g0abp2hiqMBu86kTvoFd5DjgaFXAe3OLJH-HB6iOYxf9Cl8UoQzalXj3XLlEy4DP-Sah3c0h8hvGNgq8DdEdG02nAmuT3DvtvRZirrLIPgD6\
        AFTYc3zezZzZdU0zhCOEnTRXIpZDjKIvo6eAQPucmzMh3nZhpvQl4_ymBF1jP2b5Vo2T-JhzWKDSxqQ1gZT5ovNdsWOoda7sB-Z3KyZj_yyqYQ
        """
    static let rs256 = """
        dgKQyccTDHyiZrwvf7O72Q3lYqtZ05iZuoRF13zgEHQYDnZ9itDXqfCavT_3ImaWFzZcgeGGs3-wzsF8t54wimZ3DahpdDOwt0m2IdxyUurKl5Lv1lsg\
        Jw-vugRPAKvQsEVpPB8m4jUO5Ki-S5Z4LJiSpZLVDrouScGtPYyEDjkgbL3cDFL8vudEohBHPR8zOHedjcCvib8YXWAlHcmLUa-14wgXBs--_TFuNWWj\
        WzU4mcRcp1OTFgi56o1z_Gm5zqCUWG9fk8ZRZ76Nk6ed9pZ0D29I5JODMO7geXjQvzImmbWa8HVhQrW9PZY7XjoAB7x9I5yNB0M8Fo6_1nXWcg
        """
    static let ps256 = """
        QiuXS_5BHi9h2_gV3C4aYyyNKD88jcwe8SqCjeARjk7D0rBxv6hLd0fieujz0TyOwAKZR_vKTgKsX0l1Y5gRFG05jDJSu1H_WAXY9SFb9szTHxDz7rod\
        2D7L9FgSMz4hWeUd4te4fjjx4VDpAmw7P9qg6g0q5ac9_aae9ZAAzKe2qVHzWNJQkK1eMHx37zIWg2n7sd5JcDhEd3RxZAWQv5Arfi93ug42mv-M7MlD\
        d9Mvrp3dBgzXkV7sXPoDkh9eabpMeXqOzRh9ipVJHGg8sIa4j4SUzUGBgTFCjUGmHMXFeuQyYUiDFGyNpUSp0nh8nnpbZjm-MeUsApRBlRreIw
        """
    static let x = "JHhNIAXKl549kcSdMIXYY8OrZJ83jYteYDFWjZ8D9Z0"
    static let y = "XVPkROye51LHqagOnaH0NIghDOTO2JA2MU9sChkEbS4"
    static let es256 = "zsgSY3_041HCrsPU-1sWGB5RWi7tyDSlhLikFFyr1WiBvDEm9R0sR-3pFI9Z8WuctnIoTYIZjeQ19iBj99bwOA"

    static func decoded(_ s: String) throws -> [UInt8] { try #require(Base64.urlDecode(s)) }

    @Test("RS256 and PS256 signatures verify, and only under their own algorithm")
    func rsa() throws {
        let key = try VerifyingKey.rsa(modulus: Self.decoded(Self.n), exponent: [1, 0, 1])
        let rs = try Self.decoded(Self.rs256)
        let ps = try Self.decoded(Self.ps256)
        #expect(key.verify(signature: rs, message: Self.message, algorithm: .RS256))
        #expect(key.verify(signature: ps, message: Self.message, algorithm: .PS256))
        #expect(!key.verify(signature: rs, message: Self.message, algorithm: .PS256))
        #expect(!key.verify(signature: ps, message: Self.message, algorithm: .RS256))
        #expect(!key.verify(signature: rs, message: Self.message + [0], algorithm: .RS256))
    }

    @Test("an ES256 signature verifies as raw r||s")
    func ecdsa() throws {
        let key = try VerifyingKey.ec(curve: .p256, x: Self.decoded(Self.x), y: Self.decoded(Self.y))
        let signature = try Self.decoded(Self.es256)
        #expect(key.verify(signature: signature, message: Self.message, algorithm: .ES256))
        // s || r is not the same signature.
        #expect(!key.verify(signature: Array(signature[32...] + signature[..<32]), message: Self.message, algorithm: .ES256))
    }
}
