import Foundation

/// The open-redirect payload lists in Tests/Fixtures/open-redirects (origins and licenses in its SOURCES.md),
/// one payload a line, taken byte for byte; only blank lines are skipped.
enum OpenRedirectPayloads {
    struct Payload: CustomStringConvertible {
        let file: String
        let line: Int
        let text: String
        var description: String { "\(file):\(line) \(text.debugDescription)" }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("open-redirects")
    static let files = ["mod_auth_openidc-open-redirect-payload-list.txt", "oauth2-proxy-openredirects.txt"]
    /// Non-blank lines in the two lists; a changed list must change this number too.
    static let expectedCount = 1393

    static func all() throws -> [Payload] {
        var out: [Payload] = []
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for (index, line) in lines.enumerated() where !line.isEmpty {
                out.append(Payload(file: file, line: index + 1, text: String(decoding: line, as: UTF8.self)))
            }
        }
        return out
    }
}
