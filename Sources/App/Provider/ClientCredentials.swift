import Crypto
import Effects
import OIDC

/// The client credential of one token request (RFC 6749 §2.3): the secret, or a fresh signed assertion made with
/// `CLIENT_CERTIFICATE` (RFC 7523 §2.2, OpenID Connect Core 1.0 §9 `private_key_jwt`). The certificate file is read
/// and parsed only here, so routes that make no token request never pay for it.
struct ClientCredentials {
    /// The largest certificate file read.
    static let maxFileBytes = 256 * 1024

    enum Source {
        case secret(String)
        case certificate(ClientCertificate)
    }

    let source: Source

    /// Loads the configured credential, or the configuration error that names `CLIENT_CERTIFICATE` and why.
    init(_ setting: CredentialSetting) throws(AppError) {
        switch setting {
        case .secret(let secret):
            source = .secret(secret)
        case .certificate(let path):
            source = .certificate(try Self.loadCertificate(path))
        }
    }

    static func loadCertificate(_ path: String) throws(AppError) -> ClientCertificate {
        let bytes: [UInt8]
        do {
            bytes = try SettingsFile.read(path: path, maxBytes: maxFileBytes)
        } catch {
            throw refusal(error.description, Reason(rawValue: error.reason) ?? .settingsFileUnreadable)
        }
        do {
            return try ClientCertificate(pem: bytes)
        } catch {
            throw refusal("\(path): \(describe(error))", .certificateInvalid)
        }
    }

    private static func refusal(_ text: String, _ reason: Reason) -> AppError {
        AppError(status: 500, kind: .configuration(ConfigurationProblems(missing: [], invalid: ["CLIENT_CERTIFICATE (\(text))"])),
                 log: LogLine(.configurationIncomplete, reason, [("invalid", "CLIENT_CERTIFICATE")]))
    }

    static func describe(_ error: CryptoError) -> String {
        switch error {
        case .openssl(let why), .invalidKey(let why), .invalidInput(let why): return why
        case .outputTooLarge: return "too large"
        }
    }

    /// What the token request carries: the secret, or an assertion for `tokenEndpoint` with a fresh `jti`.
    func credential(for metadata: ProviderMetadata, clientID: String, now: Int64, random: any RandomSource) throws(AppError) -> OIDC.ClientCredential {
        switch source {
        case .secret(let secret):
            return .secret(secret)
        case .certificate(let certificate):
            do {
                return .assertion(try ClientAssertion.make(certificate: certificate, clientID: clientID, audience: metadata.tokenEndpoint,
                                                           now: now, jti: random.bytes(32), algorithm: ClientAssertion.algorithm(for: metadata)))
            } catch {
                throw AppError.internal("The sign-in could not be finished: the client assertion could not be signed.", .certificateInvalid)
            }
        }
    }
}
