import Effects

/// Builds the real HTTP client only when a request needs the network, so routes that never call out
/// (signed-out `/`, a signed-in page) do not pay libcurl's set-up on every CGI start.
public final class LazyHTTPClient: HTTPClient, @unchecked Sendable {
    private let make: () -> any HTTPClient
    private var client: (any HTTPClient)?

    public init(_ make: @escaping () -> any HTTPClient) { self.make = make }

    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        if client == nil { client = make() }
        return try client!.send(request)
    }
}

/// Opens the on-disk cache (directory checks included) on first use only.
public final class LazyCache: Cache, @unchecked Sendable {
    private let make: () -> any Cache
    private var cache: (any Cache)?

    public init(_ make: @escaping () -> any Cache) { self.make = make }

    private var opened: any Cache {
        if let cache { return cache }
        let c = make()
        cache = c
        return c
    }

    public func read(_ key: String) -> CacheEntry? { opened.read(key) }
    public func write(_ key: String, _ bytes: [UInt8], now: Int64) { opened.write(key, bytes, now: now) }
    public func withFillLock<T, E: Error>(_ key: String, wait: Double, _ body: () throws(E) -> T) throws(E) -> T {
        try opened.withFillLock(key, wait: wait, body)
    }
}
