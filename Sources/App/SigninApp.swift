import CGI
import Cookies
import Effects
import OIDC

/// The whole program as one function: a request in, a response out (DESIGN.md "One request, one pass").
public struct SigninApp: Sendable {
    public let settings: Settings
    let services: Services
    /// Present when SESSION_SECRET is set; the keys are derived on first use.
    let vault: VaultKeys?

    public init(settings: Settings, services: Services) {
        var services = services
        if settings.testTimeOffset != 0 {
            services.clock = OffsetClock(base: services.clock, offset: settings.testTimeOffset)
        }
        self.settings = settings
        self.services = services
        vault = settings.sessionSecret.map { VaultKeys(current: $0, previous: settings.previousSessionSecrets) }
    }

    enum Route: Equatable {
        case index, login, callback, logout, callAPI, notFound
    }

    /// Routes are chosen by PATH_INFO (CONTRACT.md "Requests"); REDIRECT_PATH is the callback.
    func route(for pathInfo: String) -> Route {
        switch pathInfo {
        case "", "/": return .index
        case settings.redirectPath: return .callback
        case "/login": return .login
        case "/logout": return .logout
        case "/call_downstream_api": return .callAPI
        default: return .notFound
        }
    }

    /// Answers one request; every error becomes a page here and a one-line reason on stderr.
    public func respond(to request: Request) -> Response {
        guard request.method == "GET" || request.method == "HEAD" else {
            services.log.log("request rejected reason=method_not_allowed")
            var response = Response.html(405, Pages.error(title: "Method not allowed", message: "Only GET and HEAD are supported here."))
            response.headers.append(("Allow", "GET, HEAD"))
            return response
        }
        let ctx = RequestContext(request: request, settings: settings, services: services)
        let route = route(for: request.pathInfo)
        do {
            switch route {
            case .index: return try index(ctx)
            case .login: return try login(ctx)
            case .callback: return try callback(ctx)
            case .logout: return logout(ctx)
            case .callAPI: return try callAPI(ctx)
            case .notFound:
                services.log.log("request rejected reason=not_found")
                return Response.html(404, Pages.error(title: "Not found", message: "There is no page at this address.",
                                                      link: ("Home", ctx.indexURL)))
            }
        } catch {
            return page(for: error, ctx: ctx)
        }
    }

    /// The error page for `error`, logging its one-line reason.
    func page(for error: AppError, ctx: RequestContext) -> Response {
        services.log.log(error.reason)
        var response: Response
        switch error.kind {
        case .configuration(let missing, let invalid):
            response = Response.html(error.status, Pages.configError(missing: missing, invalid: invalid))
        case .provider(let code, let description):
            response = Response.html(error.status, Pages.authError(error: code, description: description, loginURL: ctx.loginURL))
        case .page(let title, let message):
            response = Response.html(error.status, Pages.error(title: title, message: message, link: ("Home", ctx.indexURL)))
        }
        if let name = error.expireLoginState, let vault {
            response.cookies += ctx.cookieStore(vault: vault).expireLoginState(named: name)
        }
        return response
    }

    // MARK: configuration

    /// The vault and authority, or the configuration-error page naming what is missing (never a value).
    /// `flow` picks another Azure AD B2C user flow (edit profile, reset password) than sign-up/sign-in.
    func configured(flow: String? = nil) throws(AppError) -> (VaultKeys, Authority) {
        var invalid = settings.invalid
        var authority: Authority?
        do {
            authority = try Authority.resolve(authority: settings.authority, oidcAuthority: settings.oidcAuthority,
                                              b2cTenant: settings.b2cTenantName, b2cFlow: flow ?? settings.signUpSignInFlow)
        } catch {
            invalid.append(settingName(for: error))
        }
        guard settings.missing.isEmpty, invalid.isEmpty, let vault, let authority else {
            let names = (settings.missing + invalid).map { $0.split(separator: " ").first.map(String.init) ?? $0 }
            throw AppError.configuration(missing: settings.missing, invalid: invalid,
                                         reason: "configuration incomplete missing=\(names.joined(separator: ","))")
        }
        return (vault, authority)
    }

    private func settingName(for error: OIDCError) -> String {
        if settings.oidcAuthority != nil { return "OIDC_AUTHORITY (\(error))" }
        if settings.b2cTenantName != nil { return "B2C_TENANT_NAME / SIGNUPSIGNIN_USER_FLOW (\(error))" }
        return "AUTHORITY (\(error))"
    }

    /// Whether Azure AD B2C user flows apply (B2C settings given and no generic OIDC_AUTHORITY).
    var isB2C: Bool { settings.oidcAuthority == nil && settings.b2cTenantName != nil }

    /// The B2C user flow named by a `/login?user_flow=` value, nil for the default sign-up/sign-in flow.
    func userFlow(named name: String?) throws(AppError) -> String? {
        guard let name else { return nil }
        switch name {
        case "edit_profile" where isB2C && settings.editProfileFlow != nil: return settings.editProfileFlow
        case "reset_password" where isB2C && settings.resetPasswordFlow != nil: return settings.resetPasswordFlow
        default:
            throw AppError.badRequest("Unknown user flow.", reason: "login rejected reason=unknown_user_flow")
        }
    }

    /// The scopes of every authorization and refresh request: OpenID's plus the downstream API's.
    var requestedScopes: [String] {
        var scopes = ["openid", "profile", "offline_access"]
        for s in settings.scopes where !scopes.contains(s) { scopes.append(s) }
        return scopes
    }
}
