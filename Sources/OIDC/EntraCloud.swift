/// A Microsoft Entra ID cloud instance: the login hosts that serve it and its Microsoft Graph `/me`
/// (Microsoft identity platform, "National clouds"; Microsoft Graph, "Microsoft Graph national cloud deployments").
///
/// Every login host of a cloud serves the same tenants, so a v2.0 issuer on any of them belongs to that cloud:
/// `login.windows.net` is the global cloud's older alias, `login.chinacloudapi.cn` the 21Vianet cloud's, whose v2.0
/// metadata names `login.partner.microsoftonline.cn` in its `issuer`.
public struct EntraCloud: Sendable, Equatable {
    /// The login hosts, the one the cloud's v2.0 issuers name first.
    public let loginHosts: [String]
    /// Microsoft Graph's `/v1.0/me` in this cloud.
    public let graphMe: String

    /// Azure global service.
    public static let global = EntraCloud(loginHosts: ["login.microsoftonline.com", "login.windows.net"],
                                          graphMe: "https://graph.microsoft.com/v1.0/me")
    /// Azure US Government (Microsoft Graph for US Government L4: GCC High).
    public static let usGovernment = EntraCloud(loginHosts: ["login.microsoftonline.us"],
                                                graphMe: "https://graph.microsoft.us/v1.0/me")
    /// Microsoft Azure operated by 21Vianet (China).
    public static let china = EntraCloud(loginHosts: ["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
                                         graphMe: "https://microsoftgraph.chinacloudapi.cn/v1.0/me")

    public static let all: [EntraCloud] = [.global, .usGovernment, .china]

    /// The host the cloud's v2.0 issuers carry.
    public var issuerHost: String { loginHosts[0] }

    /// The cloud a login host (lowercase, without port) belongs to; nil for any other host.
    public static func named(host: String) -> EntraCloud? {
        all.first { $0.loginHosts.contains(host) }
    }
}
