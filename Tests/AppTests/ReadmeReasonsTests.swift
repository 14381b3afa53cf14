@testable import App
import Testing

/// README "Log reasons" lists every reason code the program can log (operators grep their logs for them).
@Suite("README lists every log reason")
struct ReadmeReasonsTests {
    static let readme: String = {
        let root = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        return (try? String(contentsOfFile: "/" + root + "/README.md", encoding: .utf8)) ?? ""
    }()

    @Test("every Reason code appears in README's table, in backquotes", arguments: Reason.allCases)
    func listed(_ reason: Reason) {
        #expect(!Self.readme.isEmpty, "README.md not found")
        #expect(Self.readme.contains("`\(reason.rawValue)`"), "README \"Log reasons\" does not list \(reason.rawValue)")
    }
}
