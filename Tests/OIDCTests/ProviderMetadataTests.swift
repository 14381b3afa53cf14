import Encoding
import OIDC
import Testing

private let base: [String: JSONValue] = [
    "issuer": .string("https://login.microsoftonline.com/{tenantid}/v2.0"),
    "authorization_endpoint": .string("https://login.microsoftonline.com/common/oauth2/v2.0/authorize"),
    "token_endpoint": .string("https://login.microsoftonline.com/common/oauth2/v2.0/token"),
    "jwks_uri": .string("https://login.microsoftonline.com/common/discovery/v2.0/keys"),
    "response_types_supported": .array([.string("code")]),
]

private func document(_ edit: (inout [String: JSONValue]) -> Void = { _ in }) -> [UInt8] {
    var d = base
    edit(&d)
    return JSONValue.object(d).serialized()
}

@Suite("Provider metadata (OpenID Connect Discovery 1.0 §3)")
struct ProviderMetadataTests {
    @Test("required endpoints are read; optional ones default to absent")
    func minimal() throws {
        let m = try ProviderMetadata.parse(document())
        #expect(m.issuer == "https://login.microsoftonline.com/{tenantid}/v2.0")
        #expect(m.authorizationEndpoint == "https://login.microsoftonline.com/common/oauth2/v2.0/authorize")
        #expect(m.tokenEndpoint == "https://login.microsoftonline.com/common/oauth2/v2.0/token")
        #expect(m.jwksURI == "https://login.microsoftonline.com/common/discovery/v2.0/keys")
        #expect(m.endSessionEndpoint == nil)
        #expect(m.tokenAuthMethods.isEmpty && m.tokenAuthSigningAlgs.isEmpty)
        #expect(!m.issParameterSupported)
    }

    @Test("json holds the members parse reads, and parses back to the same value", arguments: [
        document(),
        document {
            $0["end_session_endpoint"] = .string("https://idp.example.com/logout")
            $0["token_endpoint_auth_methods_supported"] = .array([.string("client_secret_post"), .string("private_key_jwt")])
            $0["token_endpoint_auth_signing_alg_values_supported"] = .array([.string("RS256"), .string("PS256")])
            $0["authorization_response_iss_parameter_supported"] = .bool(true)
        },
        document { $0["authorization_response_iss_parameter_supported"] = .bool(false); $0["token_endpoint_auth_methods_supported"] = .array([]) },
    ])
    func jsonRoundTrip(_ text: [UInt8]) throws {
        let m = try ProviderMetadata.parse(text)
        #expect(try ProviderMetadata.parse(m.json) == m)
        #expect(try JSONValue.parseObject(m.json, maxBytes: ProviderMetadata.maxBytes)["response_types_supported"] == nil)
    }

    @Test("optional members are read")
    func full() throws {
        let m = try ProviderMetadata.parse(document {
            $0["end_session_endpoint"] = .string("https://idp.example.com/logout")
            $0["userinfo_endpoint"] = .string("https://graph.microsoft.com/oidc/userinfo")
            $0["token_endpoint_auth_methods_supported"] = .array([.string("client_secret_post"), .string("private_key_jwt")])
            $0["authorization_response_iss_parameter_supported"] = .bool(true)
            $0["token_endpoint_auth_signing_alg_values_supported"] = .array([.string("RS256")])
            $0["authorization_endpoint"] = .string("https://contoso.b2clogin.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?p=b2c_1_susi")
        })
        #expect(m.endSessionEndpoint == "https://idp.example.com/logout")
        #expect(m.tokenAuthMethods == ["client_secret_post", "private_key_jwt"])
        #expect(m.issParameterSupported)
        #expect(m.tokenAuthSigningAlgs == ["RS256"])
        #expect(m.authorizationEndpoint.hasSuffix("?p=b2c_1_susi"))
    }

    static let bad: [(String, @Sendable (inout [String: JSONValue]) -> Void)] = [
        ("no issuer", { $0["issuer"] = nil }),
        ("no authorization_endpoint", { $0["authorization_endpoint"] = nil }),
        ("no token_endpoint", { $0["token_endpoint"] = nil }),
        ("no jwks_uri", { $0["jwks_uri"] = nil }),
        ("http token endpoint", { $0["token_endpoint"] = .string("http://idp.example.com/token") }),
        ("relative jwks_uri", { $0["jwks_uri"] = .string("/keys") }),
        ("endpoint with a fragment", { $0["authorization_endpoint"] = .string("https://idp.example.com/a#f") }),
        ("issuer with a query", { $0["issuer"] = .string("https://idp.example.com/?x=1") }),
        ("issuer a number", { $0["issuer"] = .number(1) }),
        ("http end_session_endpoint", { $0["end_session_endpoint"] = .string("http://idp.example.com/logout") }),
        ("auth methods a string", { $0["token_endpoint_auth_methods_supported"] = .string("client_secret_basic") }),
        ("auth methods with a number", { $0["token_endpoint_auth_methods_supported"] = .array([.number(1)]) }),
        ("signing algs a string", { $0["token_endpoint_auth_signing_alg_values_supported"] = .string("PS256") }),
        ("signing algs with a number", { $0["token_endpoint_auth_signing_alg_values_supported"] = .array([.number(256)]) }),
        ("iss parameter flag a string", { $0["authorization_response_iss_parameter_supported"] = .string("true") }),
    ]

    @Test("missing or non-https members are badMetadata", arguments: bad)
    func refuses(_ name: String, _ edit: @Sendable (inout [String: JSONValue]) -> Void) {
        do {
            _ = try ProviderMetadata.parse(document(edit))
            Issue.record("accepted: \(name)")
        } catch {
            guard case .badMetadata = error else { Issue.record("\(name): \(error)"); return }
        }
    }

    @Test("a document naming a member twice is badMetadata, whichever copy would win")
    func duplicateMembers() {
        let valid = document()
        #expect(throws: Never.self) { try ProviderMetadata.parse(valid) }
        for issuer in ["https://evil.example.com", "https://login.microsoftonline.com/{tenantid}/v2.0"] {
            let twice = Array(#"{"issuer":"\#(issuer)","#.utf8) + valid.dropFirst()
            #expect(throws: OIDCError.badMetadata("document is not a JSON object")) { try ProviderMetadata.parse(twice) }
        }
    }

    @Test("non-JSON, non-object and oversize documents are badMetadata")
    func shape() {
        #expect(throws: OIDCError.self) { try ProviderMetadata.parse(Array("<html>".utf8)) }
        #expect(throws: OIDCError.self) { try ProviderMetadata.parse(Array("[]".utf8)) }
        var big = document()
        big.removeLast()
        big += Array(#","pad":""#.utf8) + [UInt8](repeating: 0x61, count: ProviderMetadata.maxBytes) + Array(#""}"#.utf8)
        #expect(throws: OIDCError.badMetadata("document larger than \(ProviderMetadata.maxBytes) bytes")) { try ProviderMetadata.parse(big) }
    }
}
