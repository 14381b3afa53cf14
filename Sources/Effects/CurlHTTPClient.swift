internal import CCurl
import Synchronization

/// The real `HTTPClient`, on libcurl (docs/contract.md "Settings";
/// outbound URLs are https and no switch turns certificate checks off).
public final class CurlHTTPClient: HTTPClient {
    private let settings: CurlSettings
    private let easy = Mutex<CurlEasyHandle?>(nil)

    /// - Parameters:
    ///   - caBundle: `CA_BUNDLE`, a PEM file of trusted CAs that replaces the system's; nil trusts the system's.
    ///   - connectTimeout, totalTimeout: seconds.
    ///   - maxResponseBytes: the cap on a response's body (and, separately, its header bytes).
    ///   - version: this program's version, sent as `User-Agent: signin.cgi/<version>`.
    public init(caBundle: String?, connectTimeout: Int = 5, totalTimeout: Int = 15,
                maxResponseBytes: Int = 1 << 20, version: String = "dev") {
        settings = CurlSettings(caBundle: caBundle, connectTimeout: connectTimeout, totalTimeout: totalTimeout,
                                maxResponseBytes: maxResponseBytes, userAgent: "signin.cgi/\(version)")
    }

    /// As above, with `defaultCAPath` in place of libcurl's built-in CA directory (see `CurlSettings`).
    init(caBundle: String?, defaultCAPath: String, connectTimeout: Int, totalTimeout: Int) {
        settings = CurlSettings(caBundle: caBundle, defaultCAPath: defaultCAPath, connectTimeout: connectTimeout,
                                totalTimeout: totalTimeout, maxResponseBytes: 1 << 20, userAgent: "signin.cgi/dev")
    }

    /// Sends `request`; URLs other than `https://` are refused before any I/O.
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        guard Self.isHTTPS(request.url) else { throw .notHTTPS }
        guard Self.globalInit == CURLE_OK else { throw .transport("curl_global_init failed") }
        return try easy.withLock { (handle: inout CurlEasyHandle?) throws(HTTPError) -> HTTPResponse in
            if handle == nil { handle = CurlEasyHandle() }
            guard let handle else { throw .transport("curl_easy_init failed") }
            return try handle.perform(request, settings: settings)
        }
    }

    /// True for an absolute `https://` URL with something after the scheme (scheme case-insensitive).
    static func isHTTPS(_ url: String) -> Bool {
        let scheme = "https://"
        guard url.utf8.count > scheme.utf8.count else { return false }
        return url.prefix(scheme.count).lowercased() == scheme
    }

    /// `curl_global_init`, run once per process on first use.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}
