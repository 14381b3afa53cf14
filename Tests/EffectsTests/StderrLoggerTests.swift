import Testing
@testable import Effects

@Suite("StderrLogger formatting")
struct StderrLoggerTests {
    private func text(_ line: String) -> String { String(decoding: StderrLogger.format(line), as: UTF8.self) }

    @Test("prefixes the line and ends it with one newline")
    func prefix() {
        #expect(text("cache disabled") == "signin: cache disabled\n")
    }

    @Test("replaces control characters, so one call is one log line",
          arguments: [("a\nb", "a?b"), ("a\r\nb", "a??b"), ("\u{1B}[31mred", "?[31mred"), ("tab\there", "tab?here"),
                      ("del\u{7F}", "del?"), ("c1\u{85}", "c1?"), ("ls\u{2028}ps\u{2029}", "ls?ps?"), ("nul\u{0}", "nul?")])
    func sanitizes(_ input: String, _ expected: String) {
        #expect(text(input) == "signin: \(expected)\n")
    }

    @Test("keeps printable non-ASCII text")
    func keepsUnicode() {
        #expect(text("Zoë 名前") == "signin: Zoë 名前\n")
    }

    @Test("caps a long line at 1 KiB, cut at a character boundary and marked")
    func capsLength() {
        let bytes = StderrLogger.format(String(repeating: "é", count: 2000))
        #expect(bytes.count <= StderrLogger.maxLineBytes)
        #expect(bytes.count > StderrLogger.maxLineBytes - 8)
        #expect(String(validating: bytes, as: UTF8.self) != nil)
        #expect(bytes.suffix(4) == Array("...\n".utf8))
    }

    @Test("a line that just fits is not cut")
    func exactFit() {
        let line = String(repeating: "x", count: StderrLogger.maxLineBytes - "signin: \n".utf8.count)
        #expect(text(line) == "signin: \(line)\n")
        #expect(text(line + "y").hasSuffix("...\n"))
    }
}
