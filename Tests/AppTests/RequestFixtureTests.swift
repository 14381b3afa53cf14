import App
import CGI
import Foundation
import Testing

/// The request fixtures of Tests/Fixtures/requests (run against the built binary by tests-e2e/test_fixtures.py through
/// scripts/run-fixture) run here in-process through `CGIProgram.respond`, with fakes for the outside world. Each
/// fixture's `# expect: NNN` line (`5xx`: any status of that class) is the one source of the status both suites check.
@Suite("Request fixtures in-process")
struct RequestFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("requests")

    struct Fixture: CustomTestStringConvertible, Sendable {
        let name: String
        let environment: [String: String]
        let body: [UInt8]?
        /// The exact status, or the class (5 for `5xx`).
        let status: Int?
        let statusClass: Int?
        var testDescription: String { name }
    }

    enum FixtureError: Error { case malformed(String) }

    /// A fixture as scripts/run-fixture reads it: `KEY=value` lines, `#` comments and blank lines skipped, the value
    /// taken literally but for the escapes `\r \n \t \\ \xNN`; the environment then decoded as ProcessIO does.
    static func load(_ url: URL) throws -> Fixture {
        let name = url.deletingPathExtension().lastPathComponent
        var env: [String: String] = [:]
        var expects: [String] = []
        for raw in try [UInt8](Data(contentsOf: url)).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let text = String(decoding: raw, as: UTF8.self)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("#") {
                let comment = trimmed.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
                if comment.hasPrefix("expect:") {
                    let value = comment.dropFirst("expect:".count).trimmingCharacters(in: .whitespaces)
                    if !value.contains(where: \.isWhitespace) { expects.append(value) }
                }
                continue
            }
            guard let eq = raw.firstIndex(of: UInt8(ascii: "=")) else { throw FixtureError.malformed("\(name): \(text)") }
            let key = String(decoding: raw[raw.startIndex..<eq], as: UTF8.self)
            guard env[key] == nil else { throw FixtureError.malformed("\(name): \(key) set twice") }
            env[key] = String(decoding: try unescape(Array(raw[(eq + 1)...]), name), as: UTF8.self)
        }
        guard expects.count == 1, let expect = expects.first else { throw FixtureError.malformed("\(name): \(expects.count) expect lines") }
        var status: Int?, statusClass: Int?
        if expect.count == 3, expect.hasSuffix("xx"), let c = Int(expect.prefix(1)), (1...5).contains(c) {
            statusClass = c
        } else if expect.count == 3, let n = Int(expect), (100...599).contains(n) {
            status = n
        } else {
            throw FixtureError.malformed("\(name): expect \(expect)")
        }
        let bodyURL = url.deletingPathExtension().appendingPathExtension("body")
        let body = FileManager.default.fileExists(atPath: bodyURL.path) ? try [UInt8](Data(contentsOf: bodyURL)) : nil
        return Fixture(name: name, environment: env, body: body, status: status, statusClass: statusClass)
    }

    static func unescape(_ value: [UInt8], _ name: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < value.count {
            guard value[i] == UInt8(ascii: "\\") else { out.append(value[i]); i += 1; continue }
            guard i + 1 < value.count else { throw FixtureError.malformed("\(name): trailing \\") }
            switch value[i + 1] {
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "\\"): out.append(0x5C); i += 2
            case UInt8(ascii: "x"):
                guard i + 3 < value.count, let byte = UInt8(String(decoding: value[(i + 2)..<(i + 4)], as: UTF8.self), radix: 16), byte != 0 else {
                    throw FixtureError.malformed("\(name): bad \\x escape")
                }
                out.append(byte)
                i += 4
            default: throw FixtureError.malformed("\(name): unknown escape")
            }
        }
        return out
    }

    static func all() throws -> [Fixture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".env") }.sorted()
        return try names.map { try load(folder.appendingPathComponent($0)) }
    }

    @Test("there are fixtures, each with one expect line")
    func present() throws {
        #expect(try Self.all().count >= 30)
    }

    @Test("each fixture answers with the status its expect line names; nothing reaches the network",
          arguments: try RequestFixtureTests.all())
    func fixture(_ f: Fixture) throws {
        let http = FakeHTTP(), log = CapturingLogger()
        let settings = SettingsLoader.load(environment: f.environment, readFile: { _ in nil })
        let services = Services(http: http, cache: MemoryCache(), clock: TestClock(TestProvider.t0), random: CountingRandom(), log: log)
        var bodyReads = 0
        let out = CGIProgram.respond(environment: f.environment, settings: settings, services: services, readBody: { n in
            bodyReads += 1
            return Array((f.body ?? []).prefix(n))
        })
        let text = String(decoding: out, as: UTF8.self)
        let head = String(text[..<(try #require(text.firstRange(of: "\r\n\r\n"), "no blank line ends the head")).lowerBound])
        let firstLine = head.split(separator: "\r\n", omittingEmptySubsequences: false).first ?? ""
        var status = 200
        if firstLine.hasPrefix("Status: ") { status = try #require(Int(firstLine.dropFirst(8).prefix(3))) }
        if let expected = f.status {
            #expect(status == expected, "\(f.name): \(head)")
        } else if let c = f.statusClass {
            #expect(status / 100 == c, "\(f.name): \(head)")
        }
        #expect(http.requests.isEmpty, "\(f.name) reached the network: \(http.requests.map(\.url))")
        #expect(log.lines.count <= 1, "\(log.lines)")
        if status >= 400 { #expect(log.lines.count == 1, "an error logs one reason line") }
        if f.environment["REQUEST_METHOD"] == "HEAD" { #expect(text.hasSuffix("\r\n\r\n"), "HEAD has no body") }
        if f.body == nil { #expect(bodyReads == 0) }
        for (key, value) in f.environment where key.contains("SECRET") && !value.isEmpty {
            #expect(!text.contains(value) && !log.lines.joined().contains(value), "\(key) shown")
        }
    }
}
