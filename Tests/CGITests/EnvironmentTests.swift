import CGI
import Testing

/// `Environment`: entries split at the first `=`, looked up by the whole name, the first of a repeated name winning.
@Suite("Environment")
struct EnvironmentTests {
    static func environment(_ entries: [String]) -> Environment {
        var env = Environment()
        for entry in entries {
            var entry = entry
            entry.withUTF8 { env.append(entry: $0) }
        }
        return env
    }

    @Test("values by whole name; the first of a repeated name wins; an entry without = is skipped")
    func lookups() {
        let env = Self.environment(["PATH_INFO=/a=b", "PATH=/bin", "EMPTY=", "NOEQUALS", "PATH=/usr/bin", "Q=\u{e9}"])
        #expect(env["PATH_INFO"] == "/a=b")
        #expect(env["PATH"] == "/bin")
        #expect(env["EMPTY"] == "")
        #expect(env.contains("EMPTY"))
        #expect(env["NOEQUALS"] == nil && !env.contains("NOEQUALS"))
        #expect(env["PAT"] == nil && env["PATH_INFO_X"] == nil && env[""] == nil)
        #expect(env["Q"] == "\u{e9}")
        #expect(env.dictionary == ["PATH_INFO": "/a=b", "PATH": "/bin", "EMPTY": "", "Q": "\u{e9}"])
    }

    @Test("from a dictionary, as tests and Request(environment:) with a dictionary build it")
    func fromDictionary() {
        let env = Environment(["A": "1", "B": ""])
        #expect(env["A"] == "1" && env["B"] == "" && env["C"] == nil)
    }
}
