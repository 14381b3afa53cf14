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
    /// False for `check-config`, which always asks the provider afresh.
    var useCache = true

    init(authority: Authority, services: Services, useCache: Bool = true) {
        self.authority = authority
        self.services = services
        self.useCache = useCache
    }

    var now: Int64 { services.clock.now }

    /// How long a request waits for another process that is fetching the same document (the HTTP client's whole timeout).
    static let fillWait = 15.0

    /// The discovery document (OpenID Connect Discovery 1.0 §4), whose issuer must match the authority (§4.3).
    /// On a cache miss one process fetches while the others wait on the cache's fill lock and read what it wrote.
    func metadata() throws(AppError) -> ProviderMetadata {
        let key = "metadata " + authority.metadataURL
        if let cached = cachedMetadata(key) { return cached }
        return try services.cache.withFillLock(key, wait: Self.fillWait) { () throws(AppError) -> ProviderMetadata in
            if let cached = cachedMetadata(key) { return cached }
            let body = try fetch(authority.metadataURL, event: .metadataFailed,
                                 reasons: (.metadataUnreachable, .metadataTimeout, .metadataStatus))
            let metadata = try checkedMetadata(body)
            // Only the members sign-in reads are kept: every later `/login` parses the cached text again.
            services.cache.write(key, metadata.json, now: now)
            return metadata
        }
    }

    private func cachedMetadata(_ key: String) -> ProviderMetadata? {
        guard useCache, let entry = services.cache.read(key), entry.storedAt <= now, now - entry.storedAt < Self.metadataTTL else { return nil }
        return try? checkedMetadata(entry.bytes)
    }

    private func checkedMetadata(_ bytes: [UInt8]) throws(AppError) -> ProviderMetadata {
        let metadata: ProviderMetadata
        do {
            metadata = try ProviderMetadata.parse(bytes)
        } catch {
            throw AppError.upstream("The identity provider's metadata is not valid.", .metadataFailed, .metadataInvalid)
        }
        guard authority.accepts(metadataIssuer: metadata.issuer) else {
            throw AppError(status: 502, kind: .page(title: "Configuration error",
                message: "The identity provider's metadata names an issuer that does not match the configured authority."),
                log: LogLine(.metadataFailed, .issuerMismatch))
        }
        return metadata
    }

    /// The JSON Web Key Set at `jwks_uri` (RFC 7517 §5), from the cache when fresh unless `refresh`.
    func keys(_ metadata: ProviderMetadata, refresh: Bool = false) throws(AppError) -> JWKSet {
        let key = "jwks " + metadata.jwksURI
        if let cached = cachedKeys(key, refresh: refresh) { return cached }
        return try services.cache.withFillLock(key, wait: Self.fillWait) { () throws(AppError) -> JWKSet in
            if let cached = cachedKeys(key, refresh: refresh) { return cached }
            let body = try fetch(metadata.jwksURI, event: .keysFailed, reasons: (.keysUnreachable, .keysTimeout, .keysStatus))
            let set: JWKSet
            do {
                set = try JWKSet(json: body)
            } catch {
                throw AppError.upstream("The identity provider's signing keys could not be read.", .keysFailed, .keysInvalid)
            }
            services.cache.write(key, body, now: now)
            return set
        }
    }

    /// Keys younger than their TTL (or, for a refetch after an unknown `kid`, than the refetch interval).
    private func cachedKeys(_ key: String, refresh: Bool) -> JWKSet? {
        guard useCache, let entry = services.cache.read(key), entry.storedAt <= now else { return nil }
        let age = now - entry.storedAt
        guard refresh ? age < Self.keysRefetchInterval : age < Self.keysTTL else { return nil }
        return try? JWKSet(json: entry.bytes)
    }

    /// GET `url`, expecting 200: unreachable → 502, timed out → 504, another status → 502.
    func fetch(_ url: String, event: LogEvent, reasons: (unreachable: Reason, timeout: Reason, status: Reason)) throws(AppError) -> [UInt8] {
        let response: HTTPResponse
        do {
            response = try services.http.send(HTTPRequest(method: "GET", url: url, headers: [("Accept", "application/json")], body: nil))
        } catch .timeout {
            throw AppError.upstream("The identity provider did not answer in time. Please try again later.", event, reasons.timeout, status: 504)
        } catch {
            throw AppError.upstream("The identity provider could not be reached. Please try again later.", event, reasons.unreachable,
                                    details: [("cause", Self.cause(error))])
        }
        guard response.status == 200 else {
            throw AppError.upstream("The identity provider answered with an error. Please try again later.", event, reasons.status,
                                    details: [("status", String(response.status))])
        }
        return response.body
    }

    /// A short word for a transfer failure (libcurl's reason, already free of URLs and bodies).
    static func cause(_ error: HTTPError) -> String {
        switch error {
        case .notHTTPS: return "not_https"
        case .timeout: return "timeout"
        case .tooLarge: return "too_large"
        case .transport(let why): return why
        }
    }
}
