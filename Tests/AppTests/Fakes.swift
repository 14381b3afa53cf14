import App
import CGI
import Crypto
import Effects
import Encoding
import Synchronization

/// A settable clock.
final class TestClock: Clock, @unchecked Sendable {
    var now: Int64
    init(_ now: Int64) { self.now = now }
}

/// Deterministic "random" bytes: a counter, so each call differs.
final class CountingRandom: RandomSource, @unchecked Sendable {
    private var counter: UInt8 = 0
    func bytes(_ count: Int) -> [UInt8] {
        counter &+= 1
        return (0..<count).map { UInt8(truncatingIfNeeded: $0) &+ counter &* 31 }
    }
}

final class MemoryCache: Cache, @unchecked Sendable {
    var entries: [String: CacheEntry] = [:]
    func read(_ key: String) -> CacheEntry? { entries[key] }
    func write(_ key: String, _ bytes: [UInt8], now: Int64) { entries[key] = CacheEntry(bytes: bytes, storedAt: now) }
    /// One process, one thread: there is no one to wait for.
    func withFillLock<T, E: Error>(_ key: String, wait: Double, _ body: () throws(E) -> T) throws(E) -> T { try body() }
}

final class CapturingLogger: Logger, @unchecked Sendable {
    var lines: [String] = []
    func log(_ line: String) { lines.append(line) }
}

/// A scripted HTTP client: answers by URL prefix and records every request.
final class FakeHTTP: HTTPClient, @unchecked Sendable {
    var routes: [(String, (HTTPRequest) throws(HTTPError) -> HTTPResponse)] = []
    var requests: [HTTPRequest] = []

    func on(_ url: String, _ handler: @escaping (HTTPRequest) throws(HTTPError) -> HTTPResponse) {
        routes.insert((url, handler), at: 0)
    }

    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        requests.append(request)
        for (url, handler) in routes where request.url == url || request.url.hasPrefix(url + "?") {
            return try handler(request)
        }
        return HTTPResponse(status: 404, headers: [], body: Array("not found".utf8))
    }

    func calls(to url: String) -> Int { requests.filter { $0.url == url }.count }
}

func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> HTTPResponse {
    HTTPResponse(status: status, headers: [("content-type", "application/json")] + headers, body: value.serialized())
}

func json(_ value: JSONValue) -> HTTPResponse { json(200, value) }
