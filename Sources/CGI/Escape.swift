/// One escaper per output context (HTML Living Standard §13.1; OWASP XSS prevention rules 1 and 2).
public enum Escape {
    /// Escapes text placed between tags: `&`, `<`, `>`, `"`, `'`.
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes a value placed inside a quoted attribute (`"…"` or `'…'`); never use it unquoted.
    public static func attribute(_ s: String) -> String {
        html(s)
    }
}
