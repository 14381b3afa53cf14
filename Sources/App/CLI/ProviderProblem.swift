/// A provider failure as one sentence with its fix, for `check-config`: the log reason, and libcurl's reason word
/// (CurlEasyHandle: libcurl's `curl_easy_strerror` text as one lower-case word) for transport failures.
enum ProviderProblem {
    static func describe(_ log: LogLine, url: String) -> String {
        let cause = log.details.first { $0.0 == "cause" }?.1
        let status = log.details.first { $0.0 == "status" }?.1
        switch log.reason {
        case .metadataUnreachable, .keysUnreachable:
            return "the provider cannot be reached at \(url): \(transport(cause ?? ""))"
        case .metadataTimeout, .keysTimeout:
            return "the provider did not answer in time at \(url): check the network, a firewall or a proxy"
        case .metadataStatus, .keysStatus:
            return "the provider answered HTTP \(status ?? "?") for \(url): check the authority (tenant name or id, no /v2.0 suffix)"
        case .metadataInvalid:
            return "the document at \(url) is not OpenID provider metadata: check the authority"
        case .issuerMismatch:
            return "the provider's metadata at \(url) names an issuer this authority does not accept: check AUTHORITY / OIDC_AUTHORITY"
        case .keysInvalid:
            return "the provider's signing keys (jwks_uri) cannot be read as a JSON Web Key Set: check the provider"
        default:
            return "the provider could not be used (\(log.reason.rawValue)): check the authority"
        }
    }

    /// libcurl's reason word as a sentence with the fix; words it does not know are shown as they are.
    static func transport(_ cause: String) -> String {
        let rules: [(String, String)] = [
            ("peer_certificate", "the provider's TLS certificate is not trusted, or is not for this host name: set CA_BUNDLE to your CA file (PEM), and check the host in the authority"),
            ("issuer_check", "the provider's TLS certificate is not trusted: set CA_BUNDLE to your CA file (PEM)"),
            ("ssl_ca_cert", "the CA file cannot be used: check that CA_BUNDLE names a readable PEM file of CA certificates"),
            ("resolve_host", "its host name does not resolve: check the host in the authority, and DNS (/etc/resolv.conf, /etc/hosts)"),
            ("resolve_proxy", "the proxy's host name does not resolve: check the proxy settings"),
            ("couldnt_connect", "nothing accepts connections there: check the authority's host and port, that the provider is up, and firewalls"),
            ("ssl_connect_error", "the TLS handshake failed: check that the provider speaks TLS on that port (https, not http)"),
            ("server_returned_nothing", "the connection closed without an answer: check that the port serves https"),
            ("receiving_data", "the connection broke while reading the answer: check the network or a proxy"),
            ("sending_data", "the connection broke while sending the request: check the network or a proxy"),
            ("not_https", "the URL is not https: signin.cgi talks to providers over https only"),
            ("too_large", "the answer is larger than signin.cgi accepts: check the URL"),
        ]
        if let rule = rules.first(where: { cause.contains($0.0) }) { return rule.1 }
        return "\(cause.isEmpty ? "connection failed" : cause.replacing("_", with: " ")): check the authority's host name, the network, and CA_BUNDLE"
    }
}
