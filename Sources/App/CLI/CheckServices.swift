import Effects

/// The services `check-config` reaches the provider with: it must not change the CGI's cache folder (it may run as
/// another user, and a folder it created would then be refused by the CGI), so the fresh fetch goes through no
/// cache at all and the look at the cached copy reads only, with no network.
enum CheckServices {
    /// For the fresh fetch: the real network, no cache.
    static func fresh(_ services: Services) -> Services {
        var s = services
        s.cache = ReadOnlyCache(nil)
        return s
    }

    /// For the cached copy: the cache read only, and a network that always fails (nothing is fetched).
    static func cachedOnly(_ services: Services) -> Services {
        var s = services
        s.cache = ReadOnlyCache(services.cache)
        s.http = OfflineHTTP()
        return s
    }
}

/// A cache that answers reads from `base` (none: always a miss), never writes, and takes no lock.
final class ReadOnlyCache: Cache, @unchecked Sendable {
    private let base: (any Cache)?

    init(_ base: (any Cache)?) { self.base = base }

    func read(_ key: String) -> CacheEntry? { base?.read(key) }
    func write(_ key: String, _ bytes: [UInt8], now: Int64) {}
    func withFillLock<T, E: Error>(_ key: String, wait: Double, _ body: () throws(E) -> T) throws(E) -> T { try body() }
}

/// An HTTP client that never sends anything.
struct OfflineHTTP: HTTPClient {
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse { throw .transport("offline") }
}
