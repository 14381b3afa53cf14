import JOSE

/// Pure judgements `check-config` makes on setting names and values (README "Settings"): the closest setting to an
/// unknown name, sample placeholders, authority URLs given in a shape the program does not take, and the sentence
/// for each `NAME (why)` the settings loader reports.
enum SettingsAdvice {
    // MARK: names

    /// The setting an unknown name most likely meant: same letters in another case, or at most two edits away
    /// (one for short names); nil when nothing is that close.
    static func closestSetting(to name: String, among names: [String] = Settings.names) -> String? {
        let upper = name.uppercased()
        if let same = names.first(where: { $0 == upper }) { return same }
        let limit = upper.count <= 6 ? 1 : 2
        var best: (name: String, distance: Int)?
        for candidate in names {
            let d = editDistance(upper, candidate)
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// Edit distance with adjacent transpositions counted as one edit (optimal string alignment).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    /// Names of other libraries' samples that are not settings here, with what to do instead.
    static let foreignNames: [String: String] = [
        "TENANT_ID": "put the tenant in AUTHORITY instead (https://login.microsoftonline.com/<tenant id>)",
        "TENANT_NAME": "for Azure AD B2C the setting is B2C_TENANT_NAME",
        "REDIRECT_URL": "did you mean REDIRECT_URI?",
        "SECRET_KEY": "the cookie key is SESSION_SECRET (make one with: signin.cgi new-secret)",
        "FLASK_SECRET_KEY": "the cookie key is SESSION_SECRET (make one with: signin.cgi new-secret)",
    ]

    /// The warning for a name in the settings file that is not a setting.
    static func unknownName(_ name: String) -> String {
        let head = "\(name) in the settings file is not a setting and is ignored"
        if let advice = foreignNames[name.uppercased()] { return "\(head): \(advice)" }
        if let close = closestSetting(to: name) {
            return close == name.uppercased() && close != name
                ? "\(head): names are case-sensitive, write \(close)"
                : "\(head): did you mean \(close)?"
        }
        return "\(head) (it may still be used as ${\(name)}): remove it if it is not"
    }

    // MARK: values

    /// The settings whose values are checked for sample placeholders; the secret ones are never echoed.
    static let placeholderChecked = ["CLIENT_ID", "CLIENT_SECRET", "AUTHORITY", "OIDC_AUTHORITY", "B2C_TENANT_NAME",
                                     "SIGNUPSIGNIN_USER_FLOW", "REDIRECT_URI", "ENDPOINT", "CLIENT_CERTIFICATE", "CA_BUNDLE"]
    static let secretNames: Set<String> = ["CLIENT_SECRET", "SESSION_SECRET", "SESSION_SECRET_PREVIOUS"]

    /// True for a value still holding a sample's placeholder: `<…>`, `your-…`, `xxx…` (also a GUID of x's),
    /// `changeme`, `TODO`, or the tutorial's `Enter_the_…_Here`; in a URL, any one path segment or the host.
    static func isPlaceholder(_ value: String) -> Bool {
        if isPlaceholderWord(value) { return true }
        let v = value.lowercased()
        if v.contains("<") && v.contains(">") { return true }
        guard v.hasPrefix("https://") || v.hasPrefix("http://") || v.hasPrefix("/") else { return false }
        return v.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == ":" }).contains { isPlaceholderWord(String($0)) }
    }

    private static func isPlaceholderWord(_ word: String) -> Bool {
        let w = word.lowercased()
        if w.count >= 3 && w.allSatisfy({ $0 == "x" || $0 == "-" }) && w.contains("x") { return true }
        if ["changeme", "change-me", "change_me", "todo", "tbd", "fixme", "placeholder"].contains(w) { return true }
        if w.hasPrefix("your-") || w.hasPrefix("your_") || w.hasPrefix("<") { return true }
        return w.hasPrefix("enter_the_") || w.hasPrefix("enter-the-") || (w.hasPrefix("enter_") && w.hasSuffix("_here"))
    }

    /// The problem for a placeholder in `name`, naming the value unless it is secret.
    static func placeholder(_ name: String, _ value: String) -> String {
        let shown = secretNames.contains(name) ? "" : " (\(value))"
        return "\(name) still holds a sample placeholder\(shown): \(fix(for: name))"
    }

    /// A value whose quoting looks unfinished (a quote left at one end, or a comment that became part of the value).
    static func quotingProblem(_ value: String) -> String? {
        if value.contains(" #") { return "contains ' #': a comment after a quoted value needs the closing quote first" }
        for q: Character in ["\"", "'"] where value.hasPrefix(String(q)) || value.hasSuffix(String(q)) {
            return "starts or ends with a \(q == "\"" ? "double" : "single") quote: quote the whole value or none of it"
        }
        return nil
    }

    // MARK: authorities

    static let discoverySuffix = "/.well-known/openid-configuration"

    /// The authority `text` should have been, when it is a discovery URL or (for `AUTHORITY`) ends in `/v2.0`.
    static func authorityShape(name: String, _ text: String) -> String? {
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix(discoverySuffix) {
            base.removeLast(discoverySuffix.count)
            if name == "AUTHORITY", base.hasSuffix("/v2.0") { base.removeLast("/v2.0".count) }
            return "\(name) is a discovery URL: give the authority, not the discovery URL: \(name)=\(base)"
        }
        if name == "AUTHORITY", base.hasSuffix("/v2.0") {
            base.removeLast("/v2.0".count)
            return "AUTHORITY ends in /v2.0: remove /v2.0 (signin.cgi adds it): AUTHORITY=\(base)"
        }
        return nil
    }

    /// True when the sign-in goes to Microsoft Entra (through `AUTHORITY`, or `OIDC_AUTHORITY` on a Microsoft host).
    static func isEntra(_ settings: Settings) -> Bool {
        if let oidc = settings.oidcAuthority {
            return ["login.microsoftonline.com", ".ciamlogin.com", ".b2clogin.com"].contains { host(of: oidc)?.hasSuffix($0) == true }
        }
        return true
    }

    private static func host(of url: String) -> String? {
        guard let rest = url.split(separator: "//", maxSplits: 1).dropFirst().first else { return nil }
        return rest.split(separator: "/").first.map { String($0.split(separator: ":").first ?? $0).lowercased() }
    }

    static func clientIDShape(_ clientID: String) -> String? {
        TenantID.isGUID(clientID) ? nil
            : "CLIENT_ID is not a GUID, yet Entra's application (client) ids are (e.g. 00000000-0000-0000-0000-000000000000): "
              + "copy it from the app registration's Overview page"
    }

    // MARK: sentences

    /// The fix for a setting that is missing or wrong.
    static func fix(for name: String) -> String {
        switch name {
        case "CLIENT_ID": "set it to the application (client) id from the app registration's Overview page"
        case "CLIENT_SECRET": "set it to the Value of a client secret (Certificates & secrets), or set CLIENT_CERTIFICATE"
        case "SESSION_SECRET", "SESSION_SECRET_PREVIOUS": "make one with: signin.cgi new-secret"
        case "AUTHORITY": "set it to https://login.microsoftonline.com/<tenant id or domain> (or .../common)"
        case "OIDC_AUTHORITY": "set it to the provider's issuer URL"
        case "B2C_TENANT_NAME": "set it to the B2C tenant's name, e.g. contoso"
        case "REDIRECT_URI": "set it to the absolute URL of the callback, ending in REDIRECT_PATH (default /getAToken)"
        case "ENDPOINT": "set it to an https URL, or to nothing for no API call"
        case "CLIENT_CERTIFICATE": "set it to the PEM file with the app's certificate and private key"
        case "CA_BUNDLE": "set it to a PEM file of CA certificates, or remove it to use the system's"
        default: "see README \"Settings\""
        }
    }

    /// `NAME (why)` from the settings loader or `Configuration.resolve` as one sentence with its fix.
    static func sentence(forInvalid item: String) -> (setting: String?, text: String) {
        guard let open = item.firstIndex(of: "("), item.hasSuffix(")") else { return (nil, item) }
        let name = item[..<open].trimmingSpaces()
        var why = String(item[item.index(after: open)..<item.index(before: item.endIndex)])
        if name == "settings file" { return (nil, settingsFileSentence(why)) }
        if why.hasPrefix(name + " ") { why.removeFirst(name.count + 1) }
        let joined = why.hasPrefix("must") || why.hasPrefix("each") || why.hasPrefix("'s ") ? "\(name) \(why)" : "\(name): \(why)"
        guard Settings.names.contains(name) else { return (nil, joined) }
        return (name, joined + ": " + fix(for: name))
    }

    /// `path: what; fix` from `SettingsFileProblem` as "the settings file path is refused (what): fix".
    static func settingsFileSentence(_ text: String) -> String {
        var what = text, fix = ""
        if let semicolon = text.ranges(of: "; ").last {
            what = String(text[..<semicolon.lowerBound])
            fix = String(text[semicolon.upperBound...])
        }
        var path = ""
        if let colon = what.firstRange(of: ": ") {
            path = String(what[..<colon.lowerBound])
            what = String(what[colon.upperBound...])
        }
        let head = "the settings file \(path) was not read, so none of its settings apply (\(what))"
        return fix.isEmpty ? head : "\(head): \(fix)"
    }
}
