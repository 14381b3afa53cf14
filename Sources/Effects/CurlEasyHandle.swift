internal import CCurl
import Crypto

/// The fixed limits and identity every transfer uses.
struct CurlSettings: Sendable {
    /// `CA_BUNDLE`: when set, the only CAs trusted (libcurl's built-in CA file and CA path are both replaced).
    var caBundle: String?
    /// A CA directory standing in for libcurl's built-in CA path (nil: the built-in one, `/etc/ssl/certs` in
    /// both the static and the portable build); lets a test show that `caBundle` replaces it.
    var defaultCAPath: String? = nil
    var connectTimeout: Int
    var totalTimeout: Int
    var maxResponseBytes: Int
    var userAgent: String
}

/// Owns one libcurl easy handle and the header list set on it; both are freed in `deinit`.
/// Reused across transfers (reset each time) so connections to the provider are kept alive.
/// Not thread-safe: `CurlHTTPClient` serialises access.
final class CurlEasyHandle {
    private let curl: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?

    init?() {
        guard let curl = curl_easy_init() else { return nil }
        self.curl = curl
    }

    deinit {
        curl_easy_cleanup(curl)
        curl_slist_free_all(headerList)
    }

    /// Runs one transfer with every option set afresh (README "Settings": CACHE_DIR).
    func perform(_ request: HTTPRequest, settings: CurlSettings) throws(HTTPError) -> HTTPResponse {
        curl_easy_reset(curl)
        curl_slist_free_all(headerList)
        headerList = nil
        try applyPolicy(settings)
        let postBody = try applyRequest(request)

        let transfer = CurlTransfer(maxBytes: settings.maxResponseBytes)
        let box = Unmanaged.passUnretained(transfer).toOpaque()
        try check(signin_curl_setopt_write_function(curl, CURLOPT_WRITEFUNCTION, CurlCallbacks.write))
        try check(signin_curl_setopt_pointer(curl, CURLOPT_WRITEDATA, box))
        try check(signin_curl_setopt_write_function(curl, CURLOPT_HEADERFUNCTION, CurlCallbacks.header))
        try check(signin_curl_setopt_pointer(curl, CURLOPT_HEADERDATA, box))

        let code = withExtendedLifetime((transfer, postBody)) { curl_easy_perform(curl) }
        switch code {
        case CURLE_OK:
            var status = 0
            try check(signin_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status))
            return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body)
        case CURLE_OPERATION_TIMEDOUT:
            throw .timeout
        case CURLE_FILESIZE_EXCEEDED:
            throw .tooLarge
        case CURLE_WRITE_ERROR where transfer.exceeded:
            throw .tooLarge
        default:
            throw .transport(Self.reason(code))
        }
    }

    /// What holds for every transfer, whatever the caller asks: https only, certificate checks
    /// on, no redirects, bounded time and size, no proxy, netrc or cookies from the environment
    /// (under CGI, `HTTP_PROXY` comes from the client's `Proxy:` header: "httpoxy").
    private func applyPolicy(_ settings: CurlSettings) throws(HTTPError) {
        try set(CURLOPT_PROTOCOLS_STR, "https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "https")
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_SSLVERSION, Int(CURL_SSLVERSION_TLSv1_2))
        try applyTrust(settings)
        try set(CURLOPT_CONNECTTIMEOUT, settings.connectTimeout)
        try set(CURLOPT_TIMEOUT, settings.totalTimeout)
        try set(CURLOPT_MAXFILESIZE, settings.maxResponseBytes)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROXY, "")
        try set(CURLOPT_NOPROXY, "*")
        try set(CURLOPT_NETRC, Int(CURL_NETRC_IGNORED.rawValue))
        try set(CURLOPT_USERAGENT, settings.userAgent)
    }

    /// The trusted CAs. libcurl consults its CA file and its CA directory (OpenSSL's `-CApath`, built with
    /// `--with-ca-path=/etc/ssl/certs`) together, so `CA_BUNDLE` sets the file and clears the directory:
    /// it replaces the system's CAs instead of adding to them.
    private func applyTrust(_ settings: CurlSettings) throws(HTTPError) {
        if let defaultCAPath = settings.defaultCAPath { try set(CURLOPT_CAPATH, defaultCAPath) }
        guard let caBundle = settings.caBundle else { return }
        try set(CURLOPT_CAINFO, caBundle)
        try check(signin_curl_setopt_string(curl, CURLOPT_CAPATH, nil))
    }

    /// The caller's method, URL, header fields and body. Header fields with CR, LF or NUL are refused.
    /// The body (a token request's client secret, code or refresh token) is copied once, into `SecretBytes` that
    /// libcurl reads in place (POSTFIELDS, not COPYPOSTFIELDS, whose copy libcurl frees unwiped); the caller keeps
    /// it alive through the transfer, after which it is wiped. The caller's own array and the Strings it was built
    /// from cannot be wiped from here.
    private func applyRequest(_ request: HTTPRequest) throws(HTTPError) -> SecretBytes? {
        try set(CURLOPT_URL, request.url)
        var lines = ["Expect:"]
        for (name, value) in request.headers {
            let line = "\(name): \(value)"
            guard !name.isEmpty, !line.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw .transport("invalid request header field")
            }
            lines.append(line)
        }
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else { throw .transport("out of memory") }
            headerList = appended
        }
        try check(signin_curl_setopt_slist(curl, CURLOPT_HTTPHEADER, headerList))

        let method = request.method.uppercased()
        guard !method.isEmpty, method.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw .transport("invalid request method")
        }
        var postBody: SecretBytes?
        if let body = request.body ?? (method == "POST" ? [] : nil) {
            try set(CURLOPT_POST, 1)
            try set(CURLOPT_POSTFIELDSIZE, body.count)
            // One spare byte, so the pointer is never NULL (a NULL POSTFIELDS would make libcurl read stdin).
            let copy = SecretBytes(count: body.count + 1)
            copy.withUnsafeMutableBytes { target in
                body.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: target[0..<body.count]).copyMemory(from: $0) }
            }
            try check(copy.withUnsafeMutableBytes { signin_curl_setopt_pointer(curl, CURLOPT_POSTFIELDS, $0.baseAddress) })
            postBody = copy
        }
        switch method {
        case "GET" where request.body == nil, "POST": break
        case "HEAD": try set(CURLOPT_NOBODY, 1)
        default: try set(CURLOPT_CUSTOMREQUEST, method)
        }
        return postBody
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPError) {
        try check(signin_curl_setopt_long(curl, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPError) {
        try check(signin_curl_setopt_string(curl, option, value))
    }

    private func check(_ code: CURLcode) throws(HTTPError) {
        guard code == CURLE_OK else { throw .transport(Self.reason(code)) }
    }

    /// libcurl's fixed text for `code`: it never contains the URL, its query or a body.
    /// libcurl's error text as one lower-case word (`couldnt_resolve_host_name`), safe for a log line.
    static func reason(_ code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "curl_error_\(code.rawValue)" }
        var word = ""
        for scalar in String(cString: text).lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { word.unicodeScalars.append(scalar) }
            else if scalar == " " || scalar == "-" || scalar == "/", !word.hasSuffix("_") { word += "_" }
        }
        while word.hasSuffix("_") { word.removeLast() }
        return word.isEmpty ? "curl_error_\(code.rawValue)" : word
    }
}
