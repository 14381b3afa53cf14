/// A yes/no setting's value: `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off`, in any case (README "Settings").
public enum YesNo {
    /// true or false for a recognised word, nil for anything else (including surrounding spaces).
    /// Only ASCII letters are folded, so no other script's case mapping can turn a word into one of these.
    public static func parse(_ text: String) -> Bool? {
        let folded = String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        switch folded {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: return nil
        }
    }
}
