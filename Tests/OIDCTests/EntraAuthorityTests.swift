import OIDC
import Testing

private let guid = "72f988bf-86f1-41af-91ab-2d7cd011db47"
private let otherGUID = "9188040d-6c67-4c5b-b112-36a304b66dad"

private func oidc(_ text: String) throws(OIDCError) -> Authority {
    try Authority.resolve(authority: nil, oidcAuthority: text, b2cTenant: nil, b2cFlow: nil)
}

private func entra(_ text: String) throws(OIDCError) -> Authority {
    try Authority.resolve(authority: text, oidcAuthority: nil, b2cTenant: nil, b2cFlow: nil)
}

@Suite("Entra through OIDC_AUTHORITY, national clouds")
struct EntraAuthorityTests {
    @Test("OIDC_AUTHORITY …/{common|organizations|consumers}/v2.0 accepts the {tenantid} template in the tenant's place",
          arguments: ["https://127.0.0.1:8443/common/v2.0", "https://idp.example.com/organizations/v2.0/",
                      "https://idp.example.com/realm/consumers/v2.0", "https://idp.example.com/Common/v2.0"])
    func genericMultiTenant(_ text: String) throws {
        let a = try oidc(text)
        let base = text.hasSuffix("/") ? String(text.dropLast()) : text
        let parts = base.split(separator: "/", omittingEmptySubsequences: false)
        let template = (parts.dropLast(2) + ["{tenantid}", "v2.0"]).joined(separator: "/")
        #expect(a.metadataURL == base + "/.well-known/openid-configuration")
        #expect(a.expectedIssuer == template)
        #expect(a.accepts(metadataIssuer: template))
        #expect(a.accepts(metadataIssuer: base))
        // A session's iss: one tenant's issuer in the template's shape.
        #expect(a.accepts(metadataIssuer: template.replacing("{tenantid}", with: guid)))
        #expect(try a.tokenIssuer(metadataIssuer: template) == template)
        #expect(!a.accepts(metadataIssuer: template.replacing("{tenantid}", with: "contoso")))
        #expect(!a.accepts(metadataIssuer: template + "/"))
        #expect(!a.accepts(metadataIssuer: template.replacing("{tenantid}", with: "{tenantid}{tenantid}")))
        #expect(!a.accepts(metadataIssuer: "https://evil.example.com/{tenantid}/v2.0"))
        #expect(!a.accepts(metadataIssuer: template.replacing("/v2.0", with: "/v2.1")))
    }

    @Test("the template is refused unless the authority's tenant is multi-tenant and its path ends in /v2.0",
          arguments: ["https://idp.example.com/contoso/v2.0", "https://idp.example.com/common", "https://idp.example.com/common/v1.0",
                      "https://idp.example.com/v2.0", "https://idp.example.com/common/v2.0/x", "https://idp.example.com/commons/v2.0",
                      "https://idp.example.com/\(guid)/v2.0"])
    func genericTemplateRefused(_ text: String) throws {
        let a = try oidc(text)
        let host = "https://idp.example.com"
        #expect(!a.accepts(metadataIssuer: host + "/{tenantid}/v2.0"))
        #expect(!a.accepts(metadataIssuer: host + "/\(otherGUID)/v2.0"))
        #expect(a.accepts(metadataIssuer: text), "the generic rule itself still holds")
        #expect(a.expectedIssuer == text)
    }

    struct Cloud: Sendable, CustomTestStringConvertible {
        let authority: String
        let metadataURL: String
        let expectedIssuer: String
        let accepted: [String]
        let refused: [String]
        let graph: String
        var testDescription: String { authority }
    }

    static let clouds: [Cloud] = [
        Cloud(authority: "https://login.microsoftonline.com/common",
              metadataURL: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
              expectedIssuer: "https://login.microsoftonline.com/{tenantid}/v2.0",
              accepted: ["https://login.microsoftonline.com/{tenantid}/v2.0", "https://login.windows.net/{tenantid}/v2.0"],
              refused: ["https://login.microsoftonline.us/{tenantid}/v2.0", "https://login.partner.microsoftonline.cn/{tenantid}/v2.0",
                        "https://sts.windows.net/{tenantid}/"],
              graph: "https://graph.microsoft.com/v1.0/me"),
        Cloud(authority: "https://login.windows.net/\(guid)",
              metadataURL: "https://login.windows.net/\(guid)/v2.0/.well-known/openid-configuration",
              expectedIssuer: "https://login.microsoftonline.com/\(guid)/v2.0",
              accepted: ["https://login.microsoftonline.com/\(guid)/v2.0", "https://login.windows.net/\(guid)/v2.0"],
              refused: ["https://login.microsoftonline.com/\(otherGUID)/v2.0", "https://login.microsoftonline.us/\(guid)/v2.0",
                        "https://sts.windows.net/\(guid)/"],
              graph: "https://graph.microsoft.com/v1.0/me"),
        Cloud(authority: "https://login.microsoftonline.us/organizations",
              metadataURL: "https://login.microsoftonline.us/organizations/v2.0/.well-known/openid-configuration",
              expectedIssuer: "https://login.microsoftonline.us/{tenantid}/v2.0",
              accepted: ["https://login.microsoftonline.us/{tenantid}/v2.0", "https://login.microsoftonline.us/\(guid)/v2.0"],
              refused: ["https://login.microsoftonline.com/{tenantid}/v2.0", "https://login.microsoftonline.com/\(guid)/v2.0"],
              graph: "https://graph.microsoft.us/v1.0/me"),
        Cloud(authority: "https://login.chinacloudapi.cn/contoso.partner.onmschina.cn",
              metadataURL: "https://login.chinacloudapi.cn/contoso.partner.onmschina.cn/v2.0/.well-known/openid-configuration",
              expectedIssuer: "https://login.partner.microsoftonline.cn/contoso.partner.onmschina.cn/v2.0",
              accepted: ["https://login.partner.microsoftonline.cn/\(guid)/v2.0", "https://login.chinacloudapi.cn/\(guid)/v2.0"],
              refused: ["https://login.microsoftonline.com/\(guid)/v2.0", "https://login.partner.microsoftonline.cn/{tenantid}/v2.0"],
              graph: "https://microsoftgraph.chinacloudapi.cn/v1.0/me"),
        Cloud(authority: "https://login.partner.microsoftonline.cn/common",
              metadataURL: "https://login.partner.microsoftonline.cn/common/v2.0/.well-known/openid-configuration",
              expectedIssuer: "https://login.partner.microsoftonline.cn/{tenantid}/v2.0",
              accepted: ["https://login.partner.microsoftonline.cn/{tenantid}/v2.0", "https://login.chinacloudapi.cn/{tenantid}/v2.0"],
              refused: ["https://login.microsoftonline.us/{tenantid}/v2.0", "https://sts.chinacloudapi.cn/{tenantid}/"],
              graph: "https://microsoftgraph.chinacloudapi.cn/v1.0/me"),
    ]

    @Test("national clouds: Entra's issuer rules on each cloud's login hosts and that cloud's Graph", arguments: clouds)
    func nationalCloud(_ c: Cloud) throws {
        // Through AUTHORITY, and through OIDC_AUTHORITY at …/v2.0: the same Entra authority.
        for a in [try entra(c.authority), try oidc(c.authority + "/v2.0")] {
            #expect(a.metadataURL == c.metadataURL)
            #expect(a.expectedIssuer == c.expectedIssuer)
            #expect(a.defaultGraphEndpoint == c.graph)
            for issuer in c.accepted { #expect(a.accepts(metadataIssuer: issuer), "\(issuer)") }
            for issuer in c.refused { #expect(!a.accepts(metadataIssuer: issuer), "\(issuer)") }
        }
    }

    @Test("the Graph default is the global service's off the national clouds' login hosts",
          arguments: ["https://contoso.ciamlogin.com/", "https://idp.example.com/common/v2.0", "https://login.microsoftonline.us:8443/common"])
    func globalGraph(_ text: String) throws {
        let a = text.contains("idp.example.com") ? try oidc(text) : try entra(text)
        #expect(a.defaultGraphEndpoint == "https://graph.microsoft.com/v1.0/me")
        let b2c = try Authority.resolve(authority: nil, oidcAuthority: nil, b2cTenant: "contoso", b2cFlow: "B2C_1_susi")
        #expect(b2c.defaultGraphEndpoint == "https://graph.microsoft.com/v1.0/me")
    }

    @Test("a login host with a port is not that cloud: its issuers stay on that host and port")
    func portIsNotTheCloud() throws {
        let a = try entra("https://login.microsoftonline.us:8443/common")
        #expect(a.expectedIssuer == "https://login.microsoftonline.us:8443/{tenantid}/v2.0")
        #expect(a.accepts(metadataIssuer: "https://login.microsoftonline.us:8443/{tenantid}/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://login.microsoftonline.us/{tenantid}/v2.0"))
    }

    @Test("External ID behind a custom URL domain accepts its own tenant's ciamlogin issuer, no other")
    func customDomain() throws {
        let a = try entra("https://login.contoso.com/\(guid)")
        #expect(a.metadataURL == "https://login.contoso.com/\(guid)/v2.0/.well-known/openid-configuration")
        #expect(a.accepts(metadataIssuer: "https://\(guid).ciamlogin.com/\(guid)/v2.0"))
        #expect(a.accepts(metadataIssuer: "https://login.contoso.com/\(guid)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://\(otherGUID).ciamlogin.com/\(otherGUID)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://\(guid).ciamlogin.com/\(otherGUID)/v2.0"))
        // A domain tenant pins no GUID: no ciamlogin issuer; nor on an Entra cloud's own host.
        #expect(!(try entra("https://login.contoso.com/contoso.com")).accepts(metadataIssuer: "https://\(guid).ciamlogin.com/\(guid)/v2.0"))
        #expect(!(try entra("https://login.microsoftonline.com/\(guid)")).accepts(metadataIssuer: "https://\(guid).ciamlogin.com/\(guid)/v2.0"))
    }
}
