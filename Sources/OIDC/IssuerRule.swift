import JOSE

/// Which discovery-document `issuer` values an authority accepts (OpenID Connect Discovery 1.0 §4.3).
enum IssuerRule: Sendable, Equatable {
    /// Generic OpenID provider: the configured authority without its trailing slash, the issuer with or without one.
    case authority(String)
    /// Entra ID at `https://{hostAndPort}/{tenant}`.
    case entra(hostAndPort: String, tenant: String)
    /// Entra External ID at `https://{subdomain}.ciamlogin.com/{tenant}`.
    case externalID(subdomain: String, tenant: String)
    /// Azure AD B2C tenant `{tenant}.b2clogin.com`.
    case b2c(tenant: String)

    static let multiTenantNames: Set<String> = ["common", "organizations", "consumers"]

    func accepts(_ issuer: String) -> Bool {
        switch self {
        case .authority(let base):
            return issuer == base || issuer == base + "/"
        case .entra(let hostAndPort, let tenant):
            let prefix = "https://\(hostAndPort)/"
            if TenantID.isGUID(tenant) {
                return issuer == prefix + tenant.lowercased() + "/v2.0"
            }
            // A domain tenant's or common/organizations/consumers' metadata names the tenant by GUID;
            // the multi-tenant names publish the "{tenantid}" template instead.
            if issuer == prefix + tenant + "/v2.0" || Self.guidBetween(prefix, "/v2.0", in: issuer) != nil { return true }
            return Self.multiTenantNames.contains(tenant.lowercased()) && issuer == prefix + TenantID.placeholder + "/v2.0"
        case .externalID(let subdomain, let tenant):
            if issuer == "https://\(subdomain).ciamlogin.com/\(tenant)/v2.0" { return true }
            // External ID metadata names the tenant by GUID both as subdomain and as path: https://{id}.ciamlogin.com/{id}/v2.0
            guard let url = HTTPSURL(issuer), url.query == nil, url.host == url.hostAndPort, url.host.hasSuffix(".ciamlogin.com") else { return false }
            let id = String(url.host.dropLast(".ciamlogin.com".count))
            guard TenantID.isGUID(id), url.path == "/\(id)/v2.0" else { return false }
            return !TenantID.isGUID(tenant) || tenant.lowercased() == id
        case .b2c(let tenant):
            // B2C issuers vary with the user flow's token settings (`/{tenant id}/v2.0/` or `/tfp/...`), so any https
            // issuer on the tenant's own b2clogin host or on login.microsoftonline.com is taken from the metadata.
            guard let url = HTTPSURL(issuer), url.query == nil, url.host == url.hostAndPort else { return false }
            return url.host == "\(tenant).b2clogin.com" || url.host == "login.microsoftonline.com"
        }
    }

    /// The GUID in `prefix + GUID + suffix`, nil when `text` has another shape.
    private static func guidBetween(_ prefix: String, _ suffix: String, in text: String) -> String? {
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count == prefix.count + 36 + suffix.count else { return nil }
        let id = String(text.dropFirst(prefix.count).dropLast(suffix.count))
        return TenantID.isGUID(id) ? id : nil
    }
}
