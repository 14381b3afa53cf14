import Crypto
import Encoding
import FoundationEssentials

/// Fixed test keys (made once with `openssl genpkey`; their public JWKs written from the key numbers by Python's cryptography) and fixture files,
/// shared by the test targets. Not part of any product: nothing here ships in signin.cgi.
public final class TestKey: Sendable {
    public let signingKey: SigningKey
    /// The public half as JWK members (RFC 7517 §4, RFC 7518 §6), values base64url.
    public let publicJWK: [String: String]

    public var verifyingKey: VerifyingKey { signingKey.verifyingKey }

    public func sign(message: [UInt8], algorithm: SignatureAlgorithm) throws(CryptoError) -> [UInt8] {
        try signingKey.sign(message: message, algorithm: algorithm)
    }

    private init(_ name: String) {
        let folder = "KeyFixtures/Keys/"
        do {
            signingKey = try SigningKey(pem: Self.fixture(folder + name + ".pem"))
            let members = try JSONValue.parseObject(Self.fixture(folder + name + ".jwk.json"), maxBytes: 8192)
            publicJWK = members.compactMapValues(\.stringValue)
        } catch {
            fatalError("test key \(name): \(error)")
        }
    }

    public static let rsaA = TestKey("rsa-a")
    public static let rsaB = TestKey("rsa-b")
    public static let rsa1024 = TestKey("rsa-1024")
    public static let p256A = TestKey("p256-a")
    public static let p256B = TestKey("p256-b")
    public static let p384 = TestKey("p384")
    public static let p521 = TestKey("p521")

    /// One key per JOSE curve.
    public static func ec(_ curve: ECCurve) -> TestKey {
        switch curve {
        case .p256: p256A
        case .p384: p384
        case .p521: p521
        }
    }

    /// The bytes of a file under the repository's `Tests/` folder, e.g. `CryptoTests/Fixtures/client-pkcs8.pem`.
    public static func fixture(_ path: String) -> [UInt8] {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        do {
            return [UInt8](try Data(contentsOf: tests.appendingPathComponent(path)))
        } catch {
            fatalError("fixture \(path): \(error)")
        }
    }
}
