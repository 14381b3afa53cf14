/// One outbound HTTP request; `url` must be `https` (docs/contract.md "Settings": outbound URLs are https only).
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]?

    public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// The final response of a transfer: its status, its header fields (names lowercased) and its body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The last value of the header field `name` (case-insensitive, RFC 9110 §5.1), or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.last { $0.0 == wanted }?.1
    }
}

/// Why a transfer failed. `transport` carries a short reason and never the URL's query or a body.
public enum HTTPError: Error, Equatable {
    case notHTTPS
    case timeout
    case tooLarge
    case transport(String)
}

/// The seam for outbound HTTP (DESIGN.md, Effects).
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse
}
