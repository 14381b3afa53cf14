import Effects
import Encoding
import JOSE
import OIDC

/// Provider metadata and signing keys, fetched over HTTPS and cached on disk.
/// The cache is treated as hostile: what it returns is parsed and checked like a fresh answer.
struct ProviderDirectory {
    static let metadataTTL: Int64 = 24 * 3600
    static let keysTTL: Int64 = 3600
    /// An unknown `kid` refetches the key set at most this often.
    static let keysRefetchInterval: Int64 = 60

    let authority: Authority
    let services: Services

    var now: Int64 { services.clock.now }

    /// The discovery document (OpenID Connect Discovery 1.0 §4), whose issuer must match the authority (§4.3).
    func metadata() throws(AppError) -> ProviderMetadata {
        let key = "metadata " + authority.metadataURL
        if let entry = services.cache.read(key), entry.storedAt <= now, now - entry.storedAt < Self.metadataTTL,
           let cached = try? checkedMetadata(entry.bytes) {
            return cached
        }
        let body = try fetch(authority.metadataURL, what: "metadata")
        let metadata: ProviderMetadata
        do {
            metadata = try checkedMetadata(body)
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError.upstream("The identity provider's metadata could not be read.", reason: "metadata rejected reason=unparseable")
        }
        services.cache.write(key, body, now: now)
        return metadata
    }

    private func checkedMetadata(_ bytes: [UInt8]) throws -> ProviderMetadata {
        let metadata: ProviderMetadata
        do {
            metadata = try ProviderMetadata.parse(bytes)
        } catch {
            throw AppError.upstream("The identity provider's metadata is not valid.", reason: "metadata rejected reason=\(error)")
        }
        guard authority.accepts(metadataIssuer: metadata.issuer) else {
            throw AppError(status: 502, kind: .page(title: "Configuration error",
                message: "The identity provider's metadata names an issuer that does not match the configured authority."),
                reason: "metadata rejected reason=issuer_mismatch")
        }
        return metadata
    }

    /// The JSON Web Key Set at `jwks_uri` (RFC 7517 §5), from the cache when fresh unless `refresh`.
    func keys(_ metadata: ProviderMetadata, refresh: Bool = false) throws(AppError) -> JWKSet {
        let key = "jwks " + metadata.jwksURI
        let cached = services.cache.read(key)
        if let entry = cached, entry.storedAt <= now {
            let age = now - entry.storedAt
            let fresh = refresh ? age < Self.keysRefetchInterval : age < Self.keysTTL
            if fresh, let set = try? JWKSet(json: entry.bytes) {
                return set
            }
        }
        let body = try fetch(metadata.jwksURI, what: "keys")
        let set: JWKSet
        do {
            set = try JWKSet(json: body)
        } catch {
            throw AppError.upstream("The identity provider's signing keys could not be read.", reason: "keys rejected reason=\(error)")
        }
        services.cache.write(key, body, now: now)
        return set
    }

    /// GET `url`, expecting 200.
    func fetch(_ url: String, what: String) throws(AppError) -> [UInt8] {
        let response: HTTPResponse
        do {
            response = try services.http.send(HTTPRequest(method: "GET", url: url, headers: [("Accept", "application/json")], body: nil))
        } catch {
            throw AppError.upstream("The identity provider could not be reached. Please try again later.", reason: "\(what) fetch failed reason=\(error)")
        }
        guard response.status == 200 else {
            throw AppError.upstream("The identity provider answered with an error. Please try again later.", reason: "\(what) fetch failed status=\(response.status)")
        }
        return response.body
    }
}
