import JOSE
import OIDC

/// Validates an ID token with the provider's keys, refetching the key set once when the token names an
/// unknown `kid` (key rotation; at most once a minute, see `ProviderDirectory.keysRefetchInterval`).
struct IDTokenCheck {
    let directory: ProviderDirectory
    let metadata: ProviderMetadata
    let clientID: String
    /// The exact expected issuer, or the metadata's template with `{tenantid}` (Entra multi-tenant).
    let issuer: String

    func validate(_ token: String, nonce: String?, now: Int64) throws(AppError) -> IDTokenClaims {
        let validator = IDTokenValidator(issuer: issuer, clientID: clientID)
        let keys = try directory.keys(metadata)
        do {
            return try validator.validate(token, keys: keys, nonce: nonce, now: now)
        } catch .unknownKeyID {
            // fall through to one refetch
        } catch {
            throw rejected(error)
        }
        let refreshed = try directory.keys(metadata, refresh: true)
        do {
            return try validator.validate(token, keys: refreshed, nonce: nonce, now: now)
        } catch {
            throw rejected(error)
        }
    }

    private func rejected(_ error: JOSEError) -> AppError {
        AppError.signInFailed("The identity provider's ID token did not pass validation.",
                              reason: "id_token rejected reason=\(Self.code(error))", status: 401)
    }

    /// A short, log-safe name for a rejection (no token material).
    static func code(_ error: JOSEError) -> String {
        switch error {
        case .malformed(let why): return "malformed:\(why)"
        case .algorithmNotAllowed(let alg): return "alg_not_allowed:\(alg.prefix(16))"
        case .unknownKeyID: return "unknown_kid"
        case .noUsableKey: return "no_usable_key"
        case .badSignature: return "bad_signature"
        case .claim(let name, let why): return "claim_\(name):\(why)"
        }
    }
}
