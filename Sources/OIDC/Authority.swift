import JOSE

/// Where the provider's metadata lives and which issuer it must claim, from the settings
/// `OIDC_AUTHORITY`, `B2C_TENANT_NAME` + `SIGNUPSIGNIN_USER_FLOW` and `AUTHORITY` (docs/contract.md "Settings"), in that order.
///
/// `expectedIssuer` is the issuer the authority implies: the generic authority without trailing slash; for Entra
/// `https://login.microsoftonline.com/{tenant}/v2.0` (for common/organizations/consumers the
/// `https://login.microsoftonline.com/{tenantid}/v2.0` template); for External ID `https://{sub}.ciamlogin.com/{tenant}/v2.0`;
/// for B2C only the tenant's `https://{t}.b2clogin.com/` origin, because B2C issuers depend on the user flow's settings.
/// On a national cloud's login host (`EntraCloud`) the issuer host is that cloud's (Microsoft identity platform, "National clouds").
/// The metadata's `issuer` is checked with `accepts(metadataIssuer:)`; once accepted, that exact value (see `tokenIssuer`)
/// is what ID tokens must carry in `iss`.
public struct Authority: Sendable {
    public static let defaultAuthority = "https://login.microsoftonline.com/common"
    static let wellKnown = "/.well-known/openid-configuration"

    public let metadataURL: String
    public let expectedIssuer: String
    let rule: IssuerRule
    /// The Entra cloud whose login host the authority names; nil for any other host.
    public let cloud: EntraCloud?

    init(metadataURL: String, expectedIssuer: String, rule: IssuerRule, cloud: EntraCloud? = nil) {
        self.metadataURL = metadataURL
        self.expectedIssuer = expectedIssuer
        self.rule = rule
        self.cloud = cloud
    }

    /// Microsoft Graph's `/v1.0/me` for the `ENDPOINT` default: the national cloud's when the authority is on one of its
    /// login hosts (Microsoft Graph, "Microsoft Graph national cloud deployments"), else the global service's.
    public var defaultGraphEndpoint: String {
        (cloud ?? .global).graphMe
    }

    /// Resolves the settings; empty values count as absent. Anything but a valid https URL gives `.configuration`.
    public static func resolve(authority: String?, oidcAuthority: String?, b2cTenant: String?, b2cFlow: String?) throws(OIDCError) -> Authority {
        if let oidcAuthority = nonEmpty(oidcAuthority) {
            return try generic(oidcAuthority)
        }
        let tenant = nonEmpty(b2cTenant), flow = nonEmpty(b2cFlow)
        if tenant != nil || flow != nil {
            guard let tenant, let flow else {
                throw .configuration("B2C needs both B2C_TENANT_NAME and SIGNUPSIGNIN_USER_FLOW")
            }
            return try b2c(tenant: tenant, flow: flow)
        }
        return try microsoft(nonEmpty(authority) ?? defaultAuthority)
    }

    /// Whether the discovery document's `issuer` belongs to this authority (OpenID Connect Discovery 1.0 §4.3).
    public func accepts(metadataIssuer: String) -> Bool {
        rule.accepts(metadataIssuer)
    }

    /// The issuer ID tokens must carry: the metadata's own `issuer` once accepted, else `.issuerMismatch`.
    /// For Entra multi-tenant it keeps the "{tenantid}" template for `IDTokenValidator`.
    public func tokenIssuer(metadataIssuer: String) throws(OIDCError) -> String {
        guard accepts(metadataIssuer: metadataIssuer) else { throw .issuerMismatch }
        return metadataIssuer
    }

    /// `OIDC_AUTHORITY`: metadata at `{authority}/.well-known/openid-configuration` (Discovery §4.1).
    /// `https://{Entra cloud login host}/{tenant}/v2.0` is Entra, with Entra's issuer rules, as `AUTHORITY` would be.
    /// A path ending `/{common|organizations|consumers}/v2.0` on any other host also accepts Entra's multi-tenant
    /// issuer template, that path with "{tenantid}" for the tenant; ID tokens must then carry their own `tid` there.
    static func generic(_ text: String) throws(OIDCError) -> Authority {
        guard let url = HTTPSURL(text), url.query == nil else {
            throw .configuration("OIDC_AUTHORITY must be an https URL with a valid host and no query")
        }
        let base = text.hasSuffix("/") ? String(text.dropLast()) : text
        // `HTTPSURL` admitted printable ASCII only, so splitting the bytes is splitting the characters (and skips the
        // grapheme-breaking machinery a Character split runs on every request).
        var segments = base.utf8.dropFirst("https://".utf8.count).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { Substring($0) }
        guard segments.count >= 3, segments[segments.count - 1] == "v2.0" else {
            return Authority(metadataURL: base + wellKnown, expectedIssuer: base, rule: .authority(base))
        }
        let tenant = segments[segments.count - 2]
        if segments.count == 3, url.host == url.hostAndPort, EntraCloud.named(host: url.host) != nil,
           let entra = try? microsoft("https://\(url.host)/\(tenant)") {
            return entra
        }
        guard IssuerRule.multiTenantNames.contains(tenant.lowercased()) else {
            return Authority(metadataURL: base + wellKnown, expectedIssuer: base, rule: .authority(base))
        }
        segments[segments.count - 2] = Substring(TenantID.placeholder)
        let template = "https://" + segments.joined(separator: "/")
        return Authority(metadataURL: base + wellKnown, expectedIssuer: template, rule: .multiTenant(base: base, template: template))
    }

    /// Azure AD B2C: `https://{t}.b2clogin.com/{t}.onmicrosoft.com/{flow}/v2.0/.well-known/openid-configuration`.
    static func b2c(tenant: String, flow: String) throws(OIDCError) -> Authority {
        guard HTTPSURL.isValidLabel(tenant) else { throw .configuration("B2C_TENANT_NAME must be a tenant name such as contoso") }
        guard flow.utf8.allSatisfy({ HTTPSURL.isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else {
            throw .configuration("SIGNUPSIGNIN_USER_FLOW must be a user flow name such as B2C_1_susi")
        }
        let t = tenant.lowercased()
        return Authority(metadataURL: "https://\(t).b2clogin.com/\(t).onmicrosoft.com/\(flow)/v2.0" + wellKnown,
                         expectedIssuer: "https://\(t).b2clogin.com/", rule: .b2c(tenant: t))
    }

    /// `AUTHORITY`: Entra ID (`{AUTHORITY}/v2.0/...`) or, on `*.ciamlogin.com`, External ID
    /// (`https://{sub}.ciamlogin.com/{tenant}/v2.0/...`, tenant defaulting to `{sub}.onmicrosoft.com`).
    static func microsoft(_ text: String) throws(OIDCError) -> Authority {
        guard let url = HTTPSURL(text), url.query == nil else {
            throw .configuration("AUTHORITY must be an https URL with a valid host and no query")
        }
        var path = Substring(url.path)
        if path.hasSuffix("/") { path = path.dropLast() }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard segments.count <= 1, let tenant = segments.first.map(String.init) ?? defaultTenant(url) else {
            throw .configuration("AUTHORITY must be https://<host>/<tenant>")
        }
        guard tenant.utf8.allSatisfy({ HTTPSURL.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }),
              !tenant.isEmpty else {
            throw .configuration("AUTHORITY's tenant must be a tenant id, a domain name or common/organizations/consumers")
        }
        if url.host.hasSuffix(".b2clogin.com") {
            throw .configuration("for Azure AD B2C set B2C_TENANT_NAME and SIGNUPSIGNIN_USER_FLOW instead of AUTHORITY")
        }
        if let subdomain = ciamSubdomain(url) {
            let base = "https://\(subdomain).ciamlogin.com/\(tenant)/v2.0"
            return Authority(metadataURL: base + wellKnown, expectedIssuer: base,
                             rule: .externalID(subdomain: subdomain, tenant: tenant))
        }
        let isMultiTenant = IssuerRule.multiTenantNames.contains(tenant.lowercased())
        let issuerTenant = isMultiTenant ? TenantID.placeholder : (TenantID.isGUID(tenant) ? tenant.lowercased() : tenant)
        let cloud = url.host == url.hostAndPort ? EntraCloud.named(host: url.host) : nil
        return Authority(metadataURL: "https://\(url.hostAndPort)/\(tenant)/v2.0" + wellKnown,
                         expectedIssuer: "https://\(cloud?.issuerHost ?? url.hostAndPort)/\(issuerTenant)/v2.0",
                         rule: .entra(issuerHosts: cloud?.loginHosts ?? [url.hostAndPort], tenant: tenant), cloud: cloud)
    }

    /// `{sub}` of a `{sub}.ciamlogin.com` host.
    private static func ciamSubdomain(_ url: HTTPSURL) -> String? {
        let labels = url.host.split(separator: ".")
        guard labels.count == 3, url.host.hasSuffix(".ciamlogin.com") else { return nil }
        return String(labels[0])
    }

    /// An External ID authority may omit the tenant: `{sub}.onmicrosoft.com`. Entra needs one.
    private static func defaultTenant(_ url: HTTPSURL) -> String? {
        ciamSubdomain(url).map { $0 + ".onmicrosoft.com" }
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}
