import Encoding

/// The fields of an OpenID Provider's discovery document that sign-in uses (OpenID Connect Discovery 1.0 §3).
public struct ProviderMetadata: Sendable, Equatable {
    /// Largest discovery document accepted.
    public static let maxBytes = 128 * 1024

    public let issuer: String
    public let authorizationEndpoint: String
    public let tokenEndpoint: String
    public let jwksURI: String
    public let endSessionEndpoint: String?
    /// `token_endpoint_auth_methods_supported`, empty when the provider does not say.
    public let tokenAuthMethods: [String]
    /// `token_endpoint_auth_signing_alg_values_supported`, empty when the provider does not say.
    public let tokenAuthSigningAlgs: [String]
    /// `authorization_response_iss_parameter_supported` (RFC 9207 §3).
    public let issParameterSupported: Bool

    public init(issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String,
                endSessionEndpoint: String? = nil,
                tokenAuthMethods: [String] = [], tokenAuthSigningAlgs: [String] = [], issParameterSupported: Bool = false) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.endSessionEndpoint = endSessionEndpoint
        self.tokenAuthMethods = tokenAuthMethods
        self.tokenAuthSigningAlgs = tokenAuthSigningAlgs
        self.issParameterSupported = issParameterSupported
    }

    /// Parses a discovery document: `issuer` (https, no query), `authorization_endpoint`, `token_endpoint` and
    /// `jwks_uri` required; every endpoint present must be an absolute https URL without fragment.
    public static func parse(_ json: [UInt8]) throws(OIDCError) -> ProviderMetadata {
        guard json.count <= maxBytes else { throw .badMetadata("document larger than \(maxBytes) bytes") }
        guard let document = try? JSONValue.parseObject(json, maxBytes: maxBytes) else {
            throw .badMetadata("document is not a JSON object")
        }
        let issuer = try requiredURL("issuer", document)
        guard HTTPSURL(issuer)?.query == nil else { throw .badMetadata("issuer has a query") }
        var issSupported = false
        if let value = document["authorization_response_iss_parameter_supported"] {
            guard let b = value.boolValue else { throw .badMetadata("authorization_response_iss_parameter_supported is not a boolean") }
            issSupported = b
        }
        return ProviderMetadata(
            issuer: issuer,
            authorizationEndpoint: try requiredURL("authorization_endpoint", document),
            tokenEndpoint: try requiredURL("token_endpoint", document),
            jwksURI: try requiredURL("jwks_uri", document),
            endSessionEndpoint: try optionalURL("end_session_endpoint", document),
            tokenAuthMethods: try stringList("token_endpoint_auth_methods_supported", document),
            tokenAuthSigningAlgs: try stringList("token_endpoint_auth_signing_alg_values_supported", document),
            issParameterSupported: issSupported)
    }

    /// The members `parse` reads, as a discovery document of their own, with sorted keys; `parse` of it gives this value
    /// back. What the provider cache keeps: Entra's documents run to 1.7 KB of members sign-in never reads
    /// (`claims_supported`, `response_modes_supported`…), and every `/login` reads the cached one again.
    public var json: [UInt8] {
        var members: [String: JSONValue] = [
            "issuer": .string(issuer), "authorization_endpoint": .string(authorizationEndpoint),
            "token_endpoint": .string(tokenEndpoint), "jwks_uri": .string(jwksURI),
        ]
        if let endSessionEndpoint { members["end_session_endpoint"] = .string(endSessionEndpoint) }
        if !tokenAuthMethods.isEmpty {
            members["token_endpoint_auth_methods_supported"] = .array(tokenAuthMethods.map { .string($0) })
        }
        if !tokenAuthSigningAlgs.isEmpty {
            members["token_endpoint_auth_signing_alg_values_supported"] = .array(tokenAuthSigningAlgs.map { .string($0) })
        }
        if issParameterSupported { members["authorization_response_iss_parameter_supported"] = .bool(true) }
        return JSONValue.object(members).serialized()
    }

    /// An optional array of strings; empty when absent.
    private static func stringList(_ name: String, _ document: [String: JSONValue]) throws(OIDCError) -> [String] {
        guard let value = document[name] else { return [] }
        guard case .array = value, let list = value.stringArrayValue else { throw .badMetadata("\(name) is not an array of strings") }
        return list
    }

    private static func requiredURL(_ name: String, _ document: [String: JSONValue]) throws(OIDCError) -> String {
        guard let url = try optionalURL(name, document) else { throw .badMetadata("\(name) missing") }
        return url
    }

    private static func optionalURL(_ name: String, _ document: [String: JSONValue]) throws(OIDCError) -> String? {
        guard let value = document[name] else { return nil }
        guard let text = value.stringValue, HTTPSURL(text) != nil else { throw .badMetadata("\(name) is not an absolute https URL") }
        return text
    }
}
