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
        var details: [(String, String)] = []
        if case .claim(let name, _) = error { details.append(("claim", name)) }
        let message = error == .v1Token ? Self.v1TokenMessage : "The identity provider's ID token did not pass validation."
        return AppError.signInFailed(message, Self.reason(error), status: 401,
                                     event: .idTokenRejected, details: details)
    }

    /// What the error page says of an Entra v1.0 token (Microsoft Entra app manifest, `accessTokenAcceptedVersion`).
    static let v1TokenMessage = "v1.0 token: set accessTokenAcceptedVersion / use the v2.0 endpoint"

    /// The log reason for a rejection (no token material).
    static func reason(_ error: JOSEError) -> Reason {
        switch error {
        case .malformed: return .idTokenMalformed
        case .algorithmNotAllowed: return .algNotAllowed
        case .unknownKeyID: return .unknownKid
        case .noUsableKey: return .noUsableKey
        case .badSignature: return .badSignature
        case .v1Token: return .v1Token
        case .claim(let name, let why):
            if why == "missing" || why == "empty" { return name == "nonce" ? .nonceMismatch : .claimMissing }
            switch name {
            case "iss": return .issClaimMismatch
            case "aud": return .audMismatch
            case "azp": return .azpMismatch
            case "exp": return .expired
            case "nbf": return .notYetValid
            case "iat": return .iatInFuture
            case "nonce": return .nonceMismatch
            case "tid": return .tidInvalid
            default: return .claimInvalid
            }
        }
    }
}
