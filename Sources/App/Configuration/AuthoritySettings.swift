import OIDC

/// Which provider the settings name (README "Settings"): `OIDC_AUTHORITY` wins; else Azure AD B2C when
/// `B2C_TENANT_NAME` is set (as in the tutorial's library, the user-flow settings apply only with a tenant and are
/// ignored alone); else `AUTHORITY`, by default Entra's multi-tenant `common`.
struct AuthoritySettings {
    let authority: String?
    let oidcAuthority: String?
    let b2cTenant: String?
    let signUpSignIn: String?
    let editProfile: String?
    let resetPassword: String?

    init(_ s: Settings) {
        authority = s.authority
        oidcAuthority = s.oidcAuthority
        b2cTenant = s.b2cTenantName
        signUpSignIn = s.signUpSignInFlow
        editProfile = s.editProfileFlow
        resetPassword = s.resetPasswordFlow
    }

    struct Problem: Error {
        /// `NAME (why)`, for the configuration-error page and `check-config`.
        let message: String
    }

    /// True when B2C user-flow settings are present but ignored for want of `B2C_TENANT_NAME`.
    var ignoresUserFlows: Bool {
        oidcAuthority == nil && b2cTenant == nil && (signUpSignIn != nil || editProfile != nil || resetPassword != nil)
    }

    func resolve() throws(Problem) -> (signIn: Authority, flows: UserFlows) {
        if let oidcAuthority {
            return (try authority(named: "OIDC_AUTHORITY", oidcAuthority: oidcAuthority), .none)
        }
        if let b2cTenant {
            guard let signUpSignIn else {
                throw Problem(message: "SIGNUPSIGNIN_USER_FLOW (Azure AD B2C needs it with B2C_TENANT_NAME)")
            }
            let signIn = try b2c(b2cTenant, flow: signUpSignIn, name: "SIGNUPSIGNIN_USER_FLOW")
            let edit = try editProfile.map { (policy: String) throws(Problem) in (policy, try b2c(b2cTenant, flow: policy, name: "EDITPROFILE_USER_FLOW")) }
            let reset = try resetPassword.map { (policy: String) throws(Problem) in (policy, try b2c(b2cTenant, flow: policy, name: "RESETPASSWORD_USER_FLOW")) }
            return (signIn, UserFlows(editProfile: edit, resetPassword: reset))
        }
        do {
            return (try Authority.resolve(authority: authority, oidcAuthority: nil, b2cTenant: nil, b2cFlow: nil), .none)
        } catch {
            throw Problem(message: "AUTHORITY (\(Self.describe(error)))")
        }
    }

    private func authority(named name: String, oidcAuthority: String) throws(Problem) -> Authority {
        do {
            return try Authority.resolve(authority: nil, oidcAuthority: oidcAuthority, b2cTenant: nil, b2cFlow: nil)
        } catch {
            throw Problem(message: "\(name) (\(Self.describe(error)))")
        }
    }

    private func b2c(_ tenant: String, flow: String, name: String) throws(Problem) -> Authority {
        do {
            return try Authority.resolve(authority: nil, oidcAuthority: nil, b2cTenant: tenant, b2cFlow: flow)
        } catch {
            let message = Self.describe(error)
            throw Problem(message: message.hasPrefix("B2C_TENANT_NAME") ? "B2C_TENANT_NAME (\(message))" : "\(name) (\(message))")
        }
    }

    static func describe(_ error: OIDCError) -> String {
        switch error {
        case .configuration(let why): return why
        case .badMetadata(let why): return why
        case .issuerMismatch: return "the provider's metadata names another issuer"
        case .badTokenResponse(let why): return why
        case .tokenError(let code, _): return code
        case .clientAssertion(let why): return why
        }
    }
}

/// Azure AD B2C's edit-profile and reset-password user flows, each with its own authority (policy name → authority).
struct UserFlows: Sendable {
    let editProfile: (policy: String, authority: Authority)?
    let resetPassword: (policy: String, authority: Authority)?

    static let none = UserFlows(editProfile: nil, resetPassword: nil)

    /// The authority of the policy a login attempt named; nil for a policy that is not configured.
    func authority(forPolicy policy: String) -> Authority? {
        if let editProfile, editProfile.policy == policy { return editProfile.authority }
        if let resetPassword, resetPassword.policy == policy { return resetPassword.authority }
        return nil
    }
}
