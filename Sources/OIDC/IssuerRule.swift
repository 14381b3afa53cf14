import JOSE

/// Which discovery-document `issuer` values an authority accepts (OpenID Connect Discovery 1.0 §4.3).
enum IssuerRule: Sendable, Equatable {
    /// Generic OpenID provider: the configured authority without its trailing slash, the issuer with or without one.
    case authority(String)
    /// A generic authority `https://{host}/…/{common|organizations|consumers}/v2.0`: also Entra's multi-tenant
    /// template, that path with "{tenantid}" for the tenant segment, and any one tenant's issuer of that shape
    /// (what a signed-in session's `iss` holds) (Microsoft identity platform, "OpenID Connect on the Microsoft identity platform").
    case multiTenant(base: String, template: String)
    /// Entra ID, tenant `tenant`, issuers on any of `issuerHosts` (one cloud's login hosts, see `EntraCloud`).
    case entra(issuerHosts: [String], tenant: String)
    /// Entra External ID at `https://{subdomain}.ciamlogin.com/{tenant}`.
    case externalID(subdomain: String, tenant: String)
    /// Azure AD B2C tenant `{tenant}.b2clogin.com`.
    case b2c(tenant: String)

    static let multiTenantNames: Set<String> = ["common", "organizations", "consumers"]

    func accepts(_ issuer: String) -> Bool {
        switch self {
        case .authority(let base):
            return issuer == base || issuer == base + "/"
        case .multiTenant(let base, let template):
            return issuer == base || issuer == base + "/" || issuer == template || IssuerTemplate.matches(issuer, template)
        case .entra(let issuerHosts, let tenant):
            return issuerHosts.contains { Self.entraAccepts(issuer, prefix: "https://\($0)/", tenant: tenant) }
                || Self.customDomainAccepts(issuer, tenant: tenant, issuerHosts: issuerHosts)
        case .externalID(let subdomain, let tenant):
            if issuer == "https://\(subdomain).ciamlogin.com/\(tenant)/v2.0" { return true }
            guard let id = Self.ciamTenant(issuer) else { return false }
            return !TenantID.isGUID(tenant) || tenant.lowercased() == id
        case .b2c(let tenant):
            // B2C issuers vary with the user flow's token settings (`/{tenant id}/v2.0/` or `/tfp/...`), so any https
            // issuer on the tenant's own b2clogin host or on login.microsoftonline.com is taken from the metadata.
            guard let url = HTTPSURL(issuer), url.query == nil, url.host == url.hostAndPort else { return false }
            return url.host == "\(tenant).b2clogin.com" || url.host == "login.microsoftonline.com"
        }
    }

    /// Entra's v2.0 issuer `{prefix}{tenant GUID}/v2.0` (Microsoft identity platform, "ID token claims reference", `iss`).
    private static func entraAccepts(_ issuer: String, prefix: String, tenant: String) -> Bool {
        if TenantID.isGUID(tenant) {
            return issuer == prefix + tenant.lowercased() + "/v2.0"
        }
        // A domain tenant's or common/organizations/consumers' metadata names the tenant by GUID;
        // the multi-tenant names publish the "{tenantid}" template instead.
        if issuer == prefix + tenant + "/v2.0" || guidBetween(prefix, "/v2.0", in: issuer) != nil { return true }
        return multiTenantNames.contains(tenant.lowercased()) && issuer == prefix + TenantID.placeholder + "/v2.0"
    }

    /// External ID behind a custom URL domain (`https://login.contoso.com/{tenant GUID}`): its metadata keeps the
    /// tenant's own `https://{id}.ciamlogin.com/{id}/v2.0` issuer (Microsoft Entra External ID, "Custom URL domains in
    /// external tenants"). Only for a GUID tenant on a host that is not an Entra cloud's, and only that GUID.
    private static func customDomainAccepts(_ issuer: String, tenant: String, issuerHosts: [String]) -> Bool {
        guard TenantID.isGUID(tenant), issuerHosts.count == 1, EntraCloud.named(host: issuerHosts[0]) == nil else { return false }
        return ciamTenant(issuer) == tenant.lowercased()
    }

    /// The `{id}` of `https://{id}.ciamlogin.com/{id}/v2.0`, External ID's GUID-named issuer; nil for any other shape.
    private static func ciamTenant(_ issuer: String) -> String? {
        guard let url = HTTPSURL(issuer), url.query == nil, url.host == url.hostAndPort, url.host.hasSuffix(".ciamlogin.com") else { return nil }
        let id = String(url.host.dropLast(".ciamlogin.com".count))
        guard TenantID.isGUID(id), url.path == "/\(id)/v2.0" else { return nil }
        return id
    }

    /// The GUID in `prefix + GUID + suffix`, nil when `text` has another shape.
    private static func guidBetween(_ prefix: String, _ suffix: String, in text: String) -> String? {
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count == prefix.count + 36 + suffix.count else { return nil }
        let id = String(text.dropFirst(prefix.count).dropLast(suffix.count))
        return TenantID.isGUID(id) ? id : nil
    }
}
