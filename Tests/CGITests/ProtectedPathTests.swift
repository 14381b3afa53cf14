import Testing
@testable import CGI

@Suite("ProtectedPath: PATH_INFO after /files/ checked into plain names")
struct ProtectedPathTests {
    @Test("accepted paths", arguments: [
        ("a.txt", ["a.txt"], false), ("docs/", ["docs"], true), ("", [], true), ("a/b/c.pdf", ["a", "b", "c.pdf"], false),
        ("café/naïve file.txt", ["café", "naïve file.txt"], false), ("a..b", ["a..b"], false), ("x.", ["x."], false),
        ("日本語.md", ["日本語.md"], false),
    ] as [(String, [String], Bool)])
    func accepted(_ rest: String, _ segments: [String], _ isFolder: Bool) throws {
        let path = try ProtectedPath(pathInfoRest: rest)
        #expect(path.segments == segments)
        #expect(path.isFolder == isFolder)
    }

    @Test("refused paths, each with its reason", arguments: [
        ("..", FileRefusal.pathTraversal), (".", .pathTraversal), ("a/../b", .pathTraversal), ("a/./b", .pathTraversal),
        ("a/..", .pathTraversal), ("../", .pathTraversal),
        ("/etc/passwd", .emptySegment), ("a//b", .emptySegment), ("/", .emptySegment), ("a//", .emptySegment),
        (".git/config", .hiddenSegment), ("a/.env", .hiddenSegment), ("...", .hiddenSegment), ("..\\x", .hiddenSegment),
        ("a\\b", .badByte), ("a\u{0}b", .badByte), ("a\tb", .badByte), ("a\u{9B}b", .badByte), ("a\u{FEFF}b", .badByte),
        ("a\u{2066}b", .badByte), ("a\u{FFFD}", .badByte), ("a\u{FFFF}", .badByte),
        ("%2e%2e", .encodedByte), ("a%2fb", .encodedByte), ("a%5Cb", .encodedByte), ("100%.txt", .encodedByte),
        ("\u{2024}\u{2024}", .lookalikeCharacter), ("\u{FF0E}\u{FF0E}", .lookalikeCharacter), ("a\u{2215}b", .lookalikeCharacter),
        ("a\u{FF3C}b", .lookalikeCharacter), ("\u{2026}", .lookalikeCharacter),
        (String(repeating: "a/", count: 33), .tooManySegments), (String(repeating: "a", count: 256), .tooLong),
        (String(repeating: "a", count: 1025), .tooLong),
    ] as [(String, FileRefusal)])
    func refused(_ rest: String, _ reason: FileRefusal) {
        #expect(throws: reason) { try ProtectedPath(pathInfoRest: rest) }
    }

    @Test("a / followed by a combining mark still separates segments (found by FuzzFilesPath)")
    func combiningMarkAfterSlash() throws {
        // "/" + U+061A is one Character; a Character-level split kept "dfcs/\u{061A}" as one name for openat to walk.
        let path = try ProtectedPath(pathInfoRest: "dfcs/\u{061A}")
        #expect(path.segments == ["dfcs", "\u{061A}"])
        #expect(!path.segments.contains { $0.utf8.contains(UInt8(ascii: "/")) })
        #expect(throws: FileRefusal.pathTraversal) { try ProtectedPath(pathInfoRest: "a/\u{0301}/../b") }
    }

    @Test("invalid UTF-8, including an overlong dot (C0 AE), never becomes a dot")
    func invalidUTF8() {
        let text = String(decoding: [0xC0, 0xAE, 0xC0, 0xAE, 0x2F, 0x78], as: UTF8.self)
        #expect(throws: FileRefusal.badByte) { try ProtectedPath(pathInfoRest: text) }
    }

    @Test("the longest accepted segment and segment count")
    func limits() throws {
        _ = try ProtectedPath(pathInfoRest: String(repeating: "a", count: 255))
        _ = try ProtectedPath(pathInfoRest: String(repeating: "a/", count: 31) + "a")
    }
}
