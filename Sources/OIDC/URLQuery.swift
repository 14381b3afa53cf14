import Encoding

/// Adds query parameters to an endpoint URL that may already carry a query (e.g. B2C's `?p=<flow>`).
enum URLQuery {
    /// `url` plus the percent-encoded pairs (RFC 3986 §3.4), joined with "?" or, when a query exists, "&".
    static func appending(_ pairs: [(String, String)], to url: String) -> String {
        let encoded = Percent.formEncode(pairs)
        guard !encoded.isEmpty else { return url }
        if !url.contains("?") { return url + "?" + encoded }
        if url.hasSuffix("?") || url.hasSuffix("&") { return url + encoded }
        return url + "&" + encoded
    }
}
