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
