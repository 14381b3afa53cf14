/// Bytes read back from a cache with the time they were stored (seconds since the epoch).
public struct CacheEntry: Sendable {
    public let bytes: [UInt8]
    public let storedAt: Int64

    public init(bytes: [UInt8], storedAt: Int64) {
        self.bytes = bytes
        self.storedAt = storedAt
    }
}

/// The seam for the provider metadata and key cache (README "Settings": CACHE_DIR).
/// Freshness (TTL) is the caller's decision, made from `storedAt`.
public protocol Cache: Sendable {
    func read(_ key: String) -> CacheEntry?
    func write(_ key: String, _ bytes: [UInt8], now: Int64)
    /// Runs `body` holding the fill lock for `key`, so that of many processes missing the same entry one fetches
    /// and the others, once it lets go, read what it wrote (the caller re-reads inside `body`). The lock is waited
    /// for at most `wait` seconds; when it cannot be had, `body` runs anyway (it then fetches on its own).
    func withFillLock<T, E: Error>(_ key: String, wait: Double, _ body: () throws(E) -> T) throws(E) -> T
}
