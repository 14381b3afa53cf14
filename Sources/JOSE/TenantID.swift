/// Microsoft Entra tenant ids: GUIDs in their 8-4-4-4-12 hex form.
public enum TenantID {
    /// The placeholder Entra's multi-tenant metadata puts in its `issuer`.
    public static let placeholder = "{tenantid}"

    /// True for exactly 36 characters: hex digits with hyphens at offsets 8, 13, 18 and 23.
    public static func isGUID(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard b == UInt8(ascii: "-") else { return false }
            } else {
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
                    continue
                default:
                    return false
                }
            }
        }
        return true
    }
}

/// Entra's multi-tenant issuer template: `https://login.microsoftonline.com/{tenantid}/v2.0` stands for the issuer
/// of every tenant, one GUID in place of the placeholder (Microsoft identity platform, "Validate the issuer").
public enum IssuerTemplate {
    /// True when `issuer` equals `template`, or `template` holds `{tenantid}` and `issuer` is it with one tenant GUID
    /// in its place (and, when `tenant` is given, that GUID is `tenant`).
    public static func matches(_ issuer: String, _ template: String, tenant: String? = nil) -> Bool {
        if issuer == template { return !template.contains(TenantID.placeholder) }
        guard let placeholder = template.firstRange(of: TenantID.placeholder) else { return false }
        let prefix = template[..<placeholder.lowerBound], suffix = template[placeholder.upperBound...]
        guard issuer.hasPrefix(prefix), issuer.hasSuffix(suffix),
              issuer.utf8.count == prefix.utf8.count + 36 + suffix.utf8.count else { return false }
        let id = String(issuer.dropFirst(prefix.count).dropLast(suffix.count))
        guard TenantID.isGUID(id) else { return false }
        if let tenant { return id.lowercased() == tenant.lowercased() }
        return true
    }
}
