/// The environment variables a request's external URL is built from, copied once at parse time.
struct OriginInputs: Sendable {
    let https: String?
    let requestScheme: String?
    let serverPort: String?
    let serverName: String?
    let httpHost: String?
    let forwardedProto: String?
    let forwardedHost: String?

    init(environment env: Environment) {
        https = env["HTTPS"]
        requestScheme = env["REQUEST_SCHEME"]
        serverPort = env["SERVER_PORT"]
        serverName = env["SERVER_NAME"]
        httpHost = env["HTTP_HOST"]
        forwardedProto = env["HTTP_X_FORWARDED_PROTO"]
        forwardedHost = env["HTTP_X_FORWARDED_HOST"]
    }
}

extension Request {
    /// "https://host[:port]" per HTTPS/REQUEST_SCHEME/SERVER_PORT and HTTP_HOST (validated) or SERVER_NAME;
    /// with `trustForwardedHeaders`, one hop of X-Forwarded-Proto / X-Forwarded-Host.
    ///
    /// The port is omitted when it is the scheme's default (RFC 3986 §6.2.3).
    public func origin(trustForwardedHeaders: Bool) -> String {
        let secure = isHTTPS(trustForwardedHeaders: trustForwardedHeaders)
        let defaultPort = secure ? "443" : "80"
        let scheme = secure ? "https" : "http"
        if trustForwardedHeaders, let forwarded = Self.lastHop(originInputs.forwardedHost),
           let host = HostName(forwarded) {
            return scheme + "://" + host.authority(omittingPort: defaultPort)
        }
        if let header = originInputs.httpHost, let host = HostName(header) {
            return scheme + "://" + host.authority(omittingPort: defaultPort)
        }
        let port = originInputs.serverPort.flatMap(HostName.validPort)
        let name = originInputs.serverName.flatMap { HostName($0) }?.host ?? "localhost"
        let fallback = HostName(host: name, port: port)
        return scheme + "://" + fallback.authority(omittingPort: defaultPort)
    }

    /// True when the client reached us over TLS: `HTTPS` on/1, `REQUEST_SCHEME` https, or port 443 unless
    /// `HTTPS` says off; with `trustForwardedHeaders`, the last `X-Forwarded-Proto` value wins when it is http or https.
    public func isHTTPS(trustForwardedHeaders: Bool) -> Bool {
        if trustForwardedHeaders, let proto = Self.lastHop(originInputs.forwardedProto)?.lowercased(),
           proto == "https" || proto == "http" {
            return proto == "https"
        }
        let flag = originInputs.https?.lowercased()
        if flag == "on" || flag == "1" { return true }
        if originInputs.requestScheme?.lowercased() == "https" { return true }
        if let flag, flag == "off" || flag == "0" || flag.isEmpty { return false }
        return originInputs.serverPort == "443"
    }

    /// The value added by the proxy in front of us: the last element of a comma-separated list (one hop).
    static func lastHop(_ header: String?) -> String? {
        guard let header else { return nil }
        guard let last = header.split(separator: ",", omittingEmptySubsequences: false).last else { return nil }
        let trimmed = last.trimmingSpaces
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}
