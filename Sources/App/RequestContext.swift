import CGI
import Cookies
import OIDC

/// Everything one request's handler needs: the request, the validated settings, the seams, and the URLs
/// built from the request (CONTRACT.md "Requests": every emitted URL comes from HTTPS, host, port, SCRIPT_NAME).
struct RequestContext {
    let request: Request
    let settings: Settings
    let services: Services

    var now: Int64 { services.clock.now }

    /// `https://host[:port]`.
    var origin: String { request.origin(trustForwardedHeaders: settings.trustForwardedHeaders) }
    var isHTTPS: Bool { request.isHTTPS(trustForwardedHeaders: settings.trustForwardedHeaders) }

    /// The script's path as the cookie path and URL prefix ("/" when the script is mounted at the root).
    var scriptPath: String { request.scriptName.isEmpty ? "" : request.scriptName }
    var cookiePath: String { request.scriptName.isEmpty ? "/" : request.scriptName }

    func url(_ route: String) -> String { origin + scriptPath + route }
    var indexURL: String { url("/") }
    var loginURL: String { url("/login") }
    var logoutURL: String { url("/logout") }
    var apiURL: String { url("/call_downstream_api") }
    var redirectURI: String { settings.redirectURI ?? url(settings.redirectPath) }

    func cookieStore(vault: VaultKeys) -> CookieStore {
        CookieStore(keys: vault, existing: request.cookies, path: cookiePath, secure: isHTTPS, now: now)
    }
}
