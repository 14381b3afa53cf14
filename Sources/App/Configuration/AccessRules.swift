/// `ALLOWED_TENANTS`, `ALLOWED_USERS`, `ALLOWED_GROUPS`, `ALLOWED_ROLES` (README "Access rules"): each rule that is
/// set must hold, and within one rule any value matches. Checked at sign-in and on every request that uses the
/// session, so a rule added later applies to sessions made before it.
struct AccessRules: Sendable {
    let tenants: [String]
    let users: [String]
    let groups: [String]
    let roles: [String]

    var isEmpty: Bool { tenants.isEmpty && users.isEmpty && groups.isEmpty && roles.isEmpty }

    /// What the rules read from a signed-in user.
    struct Subject {
        /// `tid` (Microsoft identity platform ID token claims).
        var tenant: String?
        /// `preferred_username`, else `email`.
        var userName: String?
        var groups: [String]
        var roles: [String]
        /// The ID token said its groups did not fit (`_claim_names.groups`, Entra's group overage).
        var groupsOverage: Bool
    }

    /// nil when every rule that is set holds; else the first rule that does not.
    func refusal(for subject: Subject) -> AccessRefusal? {
        if !tenants.isEmpty {
            guard let tid = subject.tenant, tenants.contains(where: { $0.lowercased() == tid.lowercased() }) else {
                return AccessRefusal(rule: "ALLOWED_TENANTS", reason: .tenantNotAllowed,
                                     explanation: "Your organization (tenant) is not one this site lets in.")
            }
        }
        if !users.isEmpty {
            guard let name = subject.userName?.lowercased(), users.contains(where: { Self.userRule($0, matches: name) }) else {
                return AccessRefusal(rule: "ALLOWED_USERS", reason: .userNotAllowed,
                                     explanation: "Your account is not on this site's list of allowed users.")
            }
        }
        if !groups.isEmpty {
            if subject.groups.isEmpty && subject.groupsOverage {
                return AccessRefusal(rule: "ALLOWED_GROUPS", reason: .groupOverage,
                    explanation: "You are a member of more groups than fit in a sign-in token (Microsoft Entra's group overage), so your groups cannot be checked. The site owner can fix this: use app roles and ALLOWED_ROLES instead, or set the app registration to emit only the groups assigned to the application.")
            }
            guard subject.groups.contains(where: { g in groups.contains { $0.lowercased() == g.lowercased() } }) else {
                return AccessRefusal(rule: "ALLOWED_GROUPS", reason: .groupNotAllowed,
                                     explanation: "You are not a member of a group this site lets in.")
            }
        }
        if !roles.isEmpty {
            guard subject.roles.contains(where: roles.contains) else {
                return AccessRefusal(rule: "ALLOWED_ROLES", reason: .roleNotAllowed,
                                     explanation: "You do not have an app role this site lets in.")
            }
        }
        return nil
    }

    /// A user rule is a whole user name, or `@domain` for every name ending in it (both case-insensitive).
    static func userRule(_ rule: String, matches name: String) -> Bool {
        let r = rule.lowercased()
        if r.hasPrefix("@") { return r.count > 1 && name.hasSuffix(r) && name.count > r.count }
        return r == name
    }
}

/// Why a signed-in user is not let in: the rule, its log reason, and the sentence the 403 page shows.
struct AccessRefusal: Sendable {
    let rule: String
    let reason: Reason
    let explanation: String
    /// Who they are signed in as (filled in by the handler).
    var signedInAs: String = ""
}
