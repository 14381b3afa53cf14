import OIDC
import Testing

private let guid = "72f988bf-86f1-41af-91ab-2d7cd011db47"
private let otherGUID = "9188040d-6c67-4c5b-b112-36a304b66dad"

private func resolve(authority: String? = nil, oidc: String? = nil, tenant: String? = nil, flow: String? = nil) throws(OIDCError) -> Authority {
    try Authority.resolve(authority: authority, oidcAuthority: oidc, b2cTenant: tenant, b2cFlow: flow)
}

@Suite("Authority resolution (docs/contract.md \"Settings\")")
struct AuthorityTests {
    @Test("OIDC_AUTHORITY wins over B2C and AUTHORITY; its trailing slash is dropped")
    func genericWins() throws {
        let a = try resolve(authority: "https://login.microsoftonline.com/x", oidc: "https://idp.example.com/realms/a/", tenant: "t", flow: "f")
        #expect(a.metadataURL == "https://idp.example.com/realms/a/.well-known/openid-configuration")
        #expect(a.expectedIssuer == "https://idp.example.com/realms/a")
    }

    @Test("generic issuer accepted with or without one trailing slash, nothing else")
    func genericIssuer() throws {
        let a = try resolve(oidc: "https://idp.example.com:8443/realms/a")
        #expect(a.metadataURL == "https://idp.example.com:8443/realms/a/.well-known/openid-configuration")
        #expect(a.accepts(metadataIssuer: "https://idp.example.com:8443/realms/a"))
        #expect(a.accepts(metadataIssuer: "https://idp.example.com:8443/realms/a/"))
        #expect(!a.accepts(metadataIssuer: "https://idp.example.com:8443/realms/a//"))
        #expect(!a.accepts(metadataIssuer: "https://idp.example.com:8443/realms/ab"))
        #expect(!a.accepts(metadataIssuer: "https://idp.example.com/realms/a"))
        #expect(!a.accepts(metadataIssuer: "http://idp.example.com:8443/realms/a"))
    }

    @Test("tokenIssuer is the accepted metadata issuer, else issuerMismatch")
    func tokenIssuer() throws {
        let a = try resolve(oidc: "https://idp.example.com")
        #expect(try a.tokenIssuer(metadataIssuer: "https://idp.example.com/") == "https://idp.example.com/")
        #expect(throws: OIDCError.issuerMismatch) { try a.tokenIssuer(metadataIssuer: "https://evil.example.com") }
    }

    @Test("no settings: Entra common with the {tenantid} template")
    func entraDefault() throws {
        for a in [try resolve(), try resolve(authority: "", oidc: "", tenant: "", flow: "")] {
            #expect(a.metadataURL == "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration")
            #expect(a.expectedIssuer == "https://login.microsoftonline.com/{tenantid}/v2.0")
            #expect(a.accepts(metadataIssuer: "https://login.microsoftonline.com/{tenantid}/v2.0"))
            #expect(!a.accepts(metadataIssuer: "https://evil.example.com/{tenantid}/v2.0"))
            #expect(!a.accepts(metadataIssuer: "https://login.microsoftonline.com/{tenantid}/v2.0/"))
        }
    }

    @Test("organizations and consumers accept the template or a tenant GUID", arguments: ["organizations", "consumers", "Common"])
    func entraMultiTenant(_ tenant: String) throws {
        let a = try resolve(authority: "https://login.microsoftonline.com/\(tenant)/")
        #expect(a.metadataURL == "https://login.microsoftonline.com/\(tenant)/v2.0/.well-known/openid-configuration")
        #expect(a.accepts(metadataIssuer: "https://login.microsoftonline.com/{tenantid}/v2.0"))
        #expect(a.accepts(metadataIssuer: "https://login.microsoftonline.com/\(otherGUID)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://login.microsoftonline.com/evil/v2.0"))
    }

    @Test("a GUID tenant accepts exactly its own issuer")
    func entraGUIDTenant() throws {
        let a = try resolve(authority: "https://login.microsoftonline.com/\(guid.uppercased())")
        #expect(a.expectedIssuer == "https://login.microsoftonline.com/\(guid)/v2.0")
        #expect(a.accepts(metadataIssuer: "https://login.microsoftonline.com/\(guid)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://login.microsoftonline.com/\(otherGUID)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://login.microsoftonline.com/{tenantid}/v2.0"))
    }

    @Test("a domain tenant accepts the GUID issuer its metadata names, not the template")
    func entraDomainTenant() throws {
        let a = try resolve(authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com")
        #expect(a.metadataURL == "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration")
        #expect(a.expectedIssuer == "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0")
        #expect(a.accepts(metadataIssuer: "https://login.microsoftonline.com/\(guid)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://login.microsoftonline.com/{tenantid}/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://sts.windows.net/\(guid)/"))
    }

    @Test("External ID: tenant defaults to {sub}.onmicrosoft.com")
    func externalIDDefaultTenant() throws {
        let a = try resolve(authority: "https://contoso.ciamlogin.com/")
        #expect(a.metadataURL == "https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration")
        #expect(a.expectedIssuer == "https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0")
        #expect(a.accepts(metadataIssuer: "https://\(guid).ciamlogin.com/\(guid)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://\(guid).ciamlogin.com/\(otherGUID)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://\(guid).evil.com/\(guid)/v2.0"))
    }

    @Test("External ID with a GUID tenant in the path")
    func externalIDGUIDTenant() throws {
        let a = try resolve(authority: "https://contoso.ciamlogin.com/\(guid)")
        #expect(a.metadataURL == "https://contoso.ciamlogin.com/\(guid)/v2.0/.well-known/openid-configuration")
        #expect(a.accepts(metadataIssuer: "https://\(guid).ciamlogin.com/\(guid)/v2.0"))
        #expect(a.accepts(metadataIssuer: "https://contoso.ciamlogin.com/\(guid)/v2.0"))
        #expect(!a.accepts(metadataIssuer: "https://\(otherGUID).ciamlogin.com/\(otherGUID)/v2.0"))
    }

    @Test("B2C: metadata under the user flow; issuer from the metadata on the tenant's host or login.microsoftonline.com")
    func b2c() throws {
        let a = try resolve(authority: "https://login.microsoftonline.com/x", tenant: "Contoso", flow: "B2C_1_susi")
        #expect(a.metadataURL == "https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0/.well-known/openid-configuration")
        #expect(a.accepts(metadataIssuer: "https://contoso.b2clogin.com/\(guid)/v2.0/"))
        #expect(a.accepts(metadataIssuer: "https://contoso.b2clogin.com/tfp/\(guid)/b2c_1_susi/v2.0/"))
        #expect(a.accepts(metadataIssuer: "https://login.microsoftonline.com/\(guid)/v2.0/"))
        #expect(!a.accepts(metadataIssuer: "https://fabrikam.b2clogin.com/\(guid)/v2.0/"))
        #expect(!a.accepts(metadataIssuer: "http://contoso.b2clogin.com/\(guid)/v2.0/"))
        #expect(!a.accepts(metadataIssuer: "https://contoso.b2clogin.com:444/\(guid)/v2.0/"))
        #expect(!a.accepts(metadataIssuer: "https://contoso.b2clogin.com.evil.com/\(guid)/v2.0/"))
    }

    static let bad: [(String?, String?, String?, String?)] = [
        ("http://login.microsoftonline.com/common", nil, nil, nil),
        ("HTTPS://login.microsoftonline.com/common", nil, nil, nil),
        ("https://", nil, nil, nil),
        ("login.microsoftonline.com/common", nil, nil, nil),
        ("https://login.microsoftonline.com", nil, nil, nil),
        ("https://login.microsoftonline.com/a/b", nil, nil, nil),
        ("https://login.microsoftonline.com/common?x=1", nil, nil, nil),
        ("https://login.microsoftonline.com/common#x", nil, nil, nil),
        ("https://user@login.microsoftonline.com/common", nil, nil, nil),
        ("https://bad_host/common", nil, nil, nil),
        ("https://-bad.example.com/common", nil, nil, nil),
        ("https://login.microsoftonline.com:99999/common", nil, nil, nil),
        ("https://login.microsoftonline.com:/common", nil, nil, nil),
        ("https://login.microsoftonline.com/com mon", nil, nil, nil),
        ("https://login.microsoftonline.com/com%2Fmon", nil, nil, nil),
        ("https://contoso.b2clogin.com/contoso.onmicrosoft.com", nil, nil, nil),
        (nil, "http://idp.example.com", nil, nil),
        (nil, "idp.example.com", nil, nil),
        (nil, "https://idp.example.com/?x=1", nil, nil),
        (nil, "https://idp.example.com/\n", nil, nil),
        (nil, nil, "contoso", nil),
        (nil, nil, nil, "B2C_1_susi"),
        (nil, nil, "contoso.evil.com", "B2C_1_susi"),
        (nil, nil, "contoso", "B2C_1/../x"),
    ]

    @Test("anything but a valid https authority is a configuration error", arguments: bad)
    func refuses(_ setting: (String?, String?, String?, String?)) {
        do {
            let a = try resolve(authority: setting.0, oidc: setting.1, tenant: setting.2, flow: setting.3)
            Issue.record("resolved to \(a.metadataURL)")
        } catch {
            guard case .configuration = error else { Issue.record("unexpected \(error)"); return }
        }
    }
}
