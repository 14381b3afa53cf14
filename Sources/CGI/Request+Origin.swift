/// The environment variables a request's external URL is built from, copied once at parse time.
/// `HTTP_HOST` is not among them: the name is the server's `SERVER_NAME` (RFC 3875 §4.1.14), which
/// Apache's `UseCanonicalName` makes either its configured name or the client's `Host` after its own checks.
struct OriginInputs: Sendable {
    let https: String?
    let requestScheme: String?
    let serverPort: String?
    let serverName: String?
    let forwardedProto: String?
    let forwardedHost: String?

    init(environment env: Environment) {
        https = env["HTTPS"]
        requestScheme = env["REQUEST_SCHEME"]
        serverPort = env["SERVER_PORT"]
        serverName = env["SERVER_NAME"]
        forwardedProto = env["HTTP_X_FORWARDED_PROTO"]
        forwardedHost = env["HTTP_X_FORWARDED_HOST"]
    }

    /// True when the client reached us over TLS: `HTTPS` on/1, `REQUEST_SCHEME` https, or port 443 unless
    /// `HTTPS` says off; with `trustForwardedHeaders`, an `X-Forwarded-Proto` of exactly one value, http or https.
    func isHTTPS(trustForwardedHeaders: Bool) -> Bool {
        if trustForwardedHeaders, let proto = Self.singleHop(forwardedProto)?.lowercased(),
           proto == "https" || proto == "http" {
            return proto == "https"
        }
        let flag = https?.lowercased()
        if flag == "on" || flag == "1" { return true }
        if requestScheme?.lowercased() == "https" { return true }
        if let flag, flag == "off" || flag == "0" || flag.isEmpty { return false }
        return serverPort == "443"
    }

    /// The value of a forwarding header when exactly one proxy hop set it. A proxy appends to what the client
    /// sent, so a list of two or more means the client sent one too: then the header says nothing we can trust.
    static func singleHop(_ header: String?) -> String? {
        guard let header, !header.contains(",") else { return nil }
        let trimmed = Substring(header).trimmingSpaces
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}

extension Request {
    /// "https://host[:port]" per HTTPS/REQUEST_SCHEME/SERVER_PORT and SERVER_NAME (validated, else `localhost`);
    /// with `trustForwardedHeaders`, a single-valued X-Forwarded-Proto / X-Forwarded-Host (one proxy hop).
    ///
    /// The port is omitted when it is the scheme's default (RFC 3986 §6.2.3).
    public func origin(trustForwardedHeaders: Bool) -> String {
        let secure = isHTTPS(trustForwardedHeaders: trustForwardedHeaders)
        let defaultPort = secure ? "443" : "80"
        let scheme = secure ? "https" : "http"
        if trustForwardedHeaders, let forwarded = OriginInputs.singleHop(originInputs.forwardedHost),
           let host = HostName(forwarded) {
            return scheme + "://" + host.authority(omittingPort: defaultPort)
        }
        let port = originInputs.serverPort.flatMap(HostName.validPort)
        let name = originInputs.serverName.flatMap(HostName.serverName) ?? "localhost"
        return scheme + "://" + HostName(host: name, port: port).authority(omittingPort: defaultPort)
    }

    /// True when the client reached us over TLS (see `OriginInputs.isHTTPS`).
    public func isHTTPS(trustForwardedHeaders: Bool) -> Bool {
        originInputs.isHTTPS(trustForwardedHeaders: trustForwardedHeaders)
    }

    /// The same answer for an environment that did not parse as a request (its error page still gets HSTS).
    public static func isHTTPS(environment: Environment, trustForwardedHeaders: Bool) -> Bool {
        OriginInputs(environment: environment).isHTTPS(trustForwardedHeaders: trustForwardedHeaders)
    }
}
