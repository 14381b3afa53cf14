import Encoding
import Testing

@Suite("DotEnv")
struct DotEnvTests {
    static func parse(_ text: String, environment: [String: String] = [:]) throws(DotEnv.Rejection) -> DotEnv.Document {
        try DotEnv.parse(Array(text.utf8), environment: { environment[$0] })
    }

    @Test("the environment wins over the file when a value is expanded, and the file over a default")
    func precedence() throws {
        let document = try Self.parse("A=file\nB=${A}\nC=${X:-d}\nX=file-x\nD=${X:-d}\n", environment: ["A": "env"])
        #expect(document.entries.map(\.value) == ["file", "env", "d", "file-x", "file-x"])
    }

    @Test("a reference sees the latest value above it, before and after the first lookup, never one below it")
    func referencesSeeEarlierValues() throws {
        // Checked against python-dotenv's dotenv_values: A=2 B=1 C=2 D=4 E=None F=x G=2dflt.
        let document = try Self.parse("A=1\nB=${A}\nA=2\nC=${A}${D}\nD=4\nE\nF=${E}x\nG=${A:-no}${Z:-dflt}\n")
        #expect(document.entries.map(\.value) == ["1", "1", "2", "2", "4", nil, "x", "2dflt"])
    }

    @Test("a single-quoted value is literal; unquoted and double-quoted values expand")
    func singleQuotedIsLiteral() throws {
        let document = try Self.parse("A='${V}'\nB=${V}\nC=\"${V}\"\n", environment: ["V": "v"])
        #expect(document.entries.map(\.value) == ["${V}", "v", "v"])
    }

    @Test("entries keep file order, duplicates and the line their name is on; skipped lines are reported")
    func linesAndOrder() throws {
        let document = try Self.parse("\n\n# c\nA=1\nnot valid\nB=\"two\nlines\"\nA=3\nC\n")
        #expect(document.entries == [
            DotEnv.Entry(name: "A", value: "1", line: 4),
            DotEnv.Entry(name: "B", value: "two\nlines", line: 6),
            DotEnv.Entry(name: "A", value: "3", line: 8),
            DotEnv.Entry(name: "C", value: nil, line: 9),
        ])
        #expect(document.invalidLines == [5])
    }

    @Test("a file over the size limit is refused; one at the limit is read")
    func sizeLimit() throws {
        let line = Array("A=".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: DotEnv.maxBytes - 2)
        #expect(try DotEnv.parse(line, environment: { _ in nil }).entries.first?.value?.utf8.count == DotEnv.maxBytes - 2)
        #expect(throws: DotEnv.Rejection.tooLarge(limit: DotEnv.maxBytes)) {
            try DotEnv.parse(line + [0x0A], environment: { _ in nil })
        }
    }

    @Test("a value whose expansion doubles line after line is refused, not built")
    func expansionBomb() {
        var text = "A=" + String(repeating: "x", count: 64) + "\n"
        var previous = "A"
        for index in 0..<40 {
            text += "B\(index)=${\(previous)}${\(previous)}\n"
            previous = "B\(index)"
        }
        // 64 · 2^10 bytes passes the limit at the eleventh doubling, on line 12.
        #expect(throws: DotEnv.Rejection.expansionTooLarge(line: 12)) { try Self.parse(text) }
    }

    @Test("a large environment value makes an expansion too large as well")
    func expansionOfEnvironment() {
        let big = String(repeating: "y", count: DotEnv.maxBytes)
        #expect(throws: DotEnv.Rejection.expansionTooLarge(line: 1)) {
            try Self.parse("A=x${BIG}\n", environment: ["BIG": big])
        }
    }

    @Test("bytes that are not UTF-8 refuse the whole file and name the line")
    func notUTF8() {
        #expect(throws: DotEnv.Rejection.notUTF8(line: 3)) {
            try DotEnv.parse(Array("A=1\r\nB=2\n".utf8) + [0x43, 0x3D, 0x80], environment: { _ in nil })
        }
    }

    @Test("inputs that would be quadratic for a naive reader finish", arguments: [
        String(repeating: "A=\"\n", count: DotEnv.maxBytes / 4),
        String(repeating: "A='\n", count: DotEnv.maxBytes / 4),
        String(repeating: "'a\n", count: DotEnv.maxBytes / 3),
        "A=" + String(repeating: "${", count: DotEnv.maxBytes / 2 - 2),
        "A=" + String(repeating: "${x:-", count: DotEnv.maxBytes / 5 - 1),
        "A=\"" + String(repeating: "\\\"", count: DotEnv.maxBytes / 2 - 2),
        String(repeating: "x #", count: DotEnv.maxBytes / 3),
    ])
    func linear(_ text: String) throws {
        _ = try Self.parse(text)
    }

    @Test("values with a dollar or a brace but no reference come back as written", arguments: [
        ("A=a$b", "a$b"), ("A=$", "$"), ("A=x{y}", "x{y}"), ("A=$ {B}", "$ {B}"), ("A=\"$\"", "$"),
        ("A=p@ss$", "p@ss$"), ("A=${", "${"), ("A=$${B}", "$"),
    ])
    func noReference(_ line: String, _ expected: String) throws {
        #expect(try Self.parse(line + "\n", environment: ["B": ""]).entries.first?.value == expected)
    }

    @Test("a file of ASCII and one with other characters read the same way")
    func asciiAndUnicode() throws {
        let ascii = try Self.parse("A=plain\nB=\"quoted # not a comment\"\n")
        #expect(ascii.entries.map(\.value) == ["plain", "quoted # not a comment"])
        let unicode = try Self.parse("A=plain\nB=\"quoted # not a comment\"\nC=caf\u{E9} \u{2603}\n")
        #expect(unicode.entries.map(\.value) == ["plain", "quoted # not a comment", "caf\u{E9} \u{2603}"])
        // U+00A0 is whitespace to python-dotenv (`str.isspace`): it ends an unquoted value like a space.
        let space = try Self.parse("A=value\u{A0}\u{A0}# comment\n")
        #expect(space.entries.first?.value == "value")
    }

    @Test("quotes first met late in the file are read as if the file had started with them")
    func lateQuotes() throws {
        let document = try Self.parse("A=1\nB=2\nC='it\\'s'\nD=\"say \\\"hi\\\"\"\nE='open\nF=3\n")
        #expect(document.entries.map(\.name) == ["A", "B", "C", "D", "F"])
        #expect(document.entries.map(\.value) == ["1", "2", "it's", "say \"hi\"", "3"])
        #expect(document.invalidLines == [5])
    }

    @Test("random bytes never crash the reader")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("AB=#'\"\\${}:- \t\r\nexport".utf8) + [0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0xFF, 0x00]
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? DotEnv.parse(bytes, environment: { $0 == "A" ? "a" : nil })
        }
    }
}

@Suite("YesNo")
struct YesNoTests {
    @Test("yes words in any case", arguments: ["1", "true", "TRUE", "True", "yes", "YES", "on", "On"])
    func yes(_ text: String) {
        #expect(YesNo.parse(text) == true)
    }

    @Test("no words in any case", arguments: ["0", "false", "FALSE", "no", "No", "off", "OFF"])
    func no(_ text: String) {
        #expect(YesNo.parse(text) == false)
    }

    @Test("anything else is not a yes/no value",
          arguments: ["", " 1", "1 ", "y", "n", "2", "enabled", "tru", "yess", "ｏｎ", "İ", "o\u{301}n", "on\0"])
    func neither(_ text: String) {
        #expect(YesNo.parse(text) == nil)
    }
}
