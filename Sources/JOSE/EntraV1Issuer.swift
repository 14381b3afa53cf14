/// Entra ID's v1.0 token issuers, `https://sts.windows.net/{tenant GUID}/` and the 21Vianet cloud's
/// `https://sts.chinacloudapi.cn/{tenant GUID}/`: a token from the v1.0 endpoint, or an access token of an API
/// whose `accessTokenAcceptedVersion` is not 2 (Microsoft identity platform, "ID token claims reference", `iss`;
/// "Microsoft Entra app manifest", `accessTokenAcceptedVersion`).
public enum EntraV1Issuer {
    static let templates = ["https://sts.windows.net/\(TenantID.placeholder)/", "https://sts.chinacloudapi.cn/\(TenantID.placeholder)/"]

    /// True when `issuer` is a v1.0 issuer of one tenant.
    public static func matches(_ issuer: String) -> Bool {
        templates.contains { IssuerTemplate.matches(issuer, $0) }
    }
}
