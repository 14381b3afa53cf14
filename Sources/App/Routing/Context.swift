import CGI
import Cookies
import OIDC

/// What one request's handler works with besides the request: the configuration, the seams, and the URLs and
/// cookies of this request. Every URL the program emits is built here from `HTTPS`, `SERVER_NAME`, `SERVER_PORT`
/// and `SCRIPT_NAME` (README "Routes").
struct Context {
    let configuration: Configuration
    let services: Services
    let urls: SiteURLs
    let cookies: CookieStore

    var now: Int64 { services.clock.now }

    /// Builds the context of `request`, or the configuration error a bad `COOKIE_PATH` makes for this script.
    init(request: Request, configuration: Configuration, services: Services) throws(AppError) {
        self.configuration = configuration
        self.services = services
        urls = SiteURLs(request: request, configuration: configuration)
        let scriptPath = request.scriptName.isEmpty ? "/" : request.scriptName
        let cookiePath = configuration.cookiePath ?? scriptPath
        guard SitePath.cookiePath(cookiePath, covers: scriptPath) else {
            throw AppError(status: 500,
                           kind: .configuration(ConfigurationProblems(missing: [], invalid: ["COOKIE_PATH (must be / or a prefix of this script's path \(scriptPath) that ends at a /)"])),
                           log: LogLine(.configurationIncomplete, .cookiePathOutsideScript))
        }
        cookies = CookieStore(keys: configuration.vault, existing: request.cookies, path: cookiePath,
                              secure: urls.isHTTPS, now: services.clock.now, random: services.random, preserveGroups: !configuration.rules.groups.isEmpty)
    }

    func log(_ line: LogLine) { services.log.log(line.text) }

    /// Provider metadata and keys for `authority` (the sign-in authority unless a B2C user flow is named).
    func directory(_ authority: Authority? = nil) -> ProviderDirectory {
        ProviderDirectory(authority: authority ?? configuration.authority, services: services)
    }
}

/// The absolute URLs of this program for one request.
struct SiteURLs {
    /// `https://host[:port]` (or `http://` when the request was not over TLS).
    let origin: String
    let isHTTPS: Bool
    /// `SCRIPT_NAME`, "" when the program is mounted at the root.
    let scriptPath: String
    let redirectURI: String

    init(request: Request, configuration: Configuration) {
        origin = request.origin(trustForwardedHeaders: configuration.trustForwardedHeaders)
        isHTTPS = request.isHTTPS(trustForwardedHeaders: configuration.trustForwardedHeaders)
        scriptPath = request.scriptName
        redirectURI = configuration.redirectURI ?? (origin + request.scriptName + configuration.redirectPath)
    }

    func url(_ route: String) -> String { origin + scriptPath + route }
    var index: String { url("/") }
    var login: String { url(RouteTable.loginPath) }
    var logout: String { url(RouteTable.logoutPath) }
    var api: String { url(RouteTable.apiPath) }
    /// An absolute URL on this site for a path that `ReturnPath` accepted.
    func onSite(_ path: String) -> String { origin + path }
}
