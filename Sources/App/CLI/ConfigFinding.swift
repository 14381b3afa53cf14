/// One line of `check-config`'s report: what it found and, for a warning or a problem, the fix (README "Command line").
struct ConfigFinding: Equatable {
    enum Level: String { case ok, warning, problem }
    let level: Level
    let text: String
    /// The setting the finding is about, when it is about one: a specific finding hides the generic one for that name.
    var setting: String? = nil

    static func ok(_ text: String, _ setting: String? = nil) -> ConfigFinding { ConfigFinding(level: .ok, text: text, setting: setting) }
    static func warning(_ text: String, _ setting: String? = nil) -> ConfigFinding { ConfigFinding(level: .warning, text: text, setting: setting) }
    static func problem(_ text: String, _ setting: String? = nil) -> ConfigFinding { ConfigFinding(level: .problem, text: text, setting: setting) }

    var line: String { "\(level.rawValue): \(text)" }
}
