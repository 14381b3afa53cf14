import Encoding
import OIDC

/// Shared values for OIDC tests.
enum Support {
    static let metadata = ProviderMetadata(
        issuer: "https://idp.example.com",
        authorizationEndpoint: "https://idp.example.com/authorize",
        tokenEndpoint: "https://idp.example.com/token",
        jwksURI: "https://idp.example.com/jwks",
        endSessionEndpoint: "https://idp.example.com/logout")

    static func metadata(authorizationEndpoint: String = "https://idp.example.com/authorize", endSession: String? = nil,
                         methods: [String] = []) -> ProviderMetadata {
        ProviderMetadata(issuer: "https://idp.example.com", authorizationEndpoint: authorizationEndpoint,
                         tokenEndpoint: "https://idp.example.com/token", jwksURI: "https://idp.example.com/jwks",
                         endSessionEndpoint: endSession, tokenAuthMethods: methods)
    }

    /// The part of `url` before "?" and its decoded query pairs, in order.
    static func split(_ url: String) -> (base: String, pairs: [(String, String)]) {
        let parts = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let pairs = parts.count > 1 ? Percent.formDecode(parts[1]) ?? [] : []
        return (String(parts[0]), pairs)
    }

    static func names(_ pairs: [(String, String)]) -> [String] { pairs.map(\.0) }

    static func value(_ name: String, _ pairs: [(String, String)]) -> String? { pairs.first { $0.0 == name }?.1 }
}
