import Encoding
import Foundation
import Testing

/// The reader agrees with python-dotenv on every case of Fixtures/dotenv (expected.json is written by
/// tests-e2e/tools/dotenv_expected.py, which runs python-dotenv; tests-e2e/test_dotenv_table.py keeps it current).
@Suite("DotEnv conformance with python-dotenv")
struct DotEnvConformanceTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dotenv")
    static let caseNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("cases").path)) ?? []
        return names.filter { $0.hasSuffix(".env") }.sorted()
    }()

    static func json(_ name: String) -> JSONValue? {
        guard let data = try? Data(contentsOf: fixtures.appendingPathComponent(name)) else { return nil }
        return try? JSONValue.parse([UInt8](data))
    }
    static let table = json("expected.json")?["cases"]?.objectValue
    static let environment = json("environment.json")?.objectValue?.compactMapValues(\.stringValue)

    /// An optional string from the table: JSON null is a name without a value.
    static func optionalString(_ value: JSONValue?) -> String?? {
        switch value {
        case .null: .some(nil)
        case .string(let s): .some(s)
        default: nil
        }
    }

    @Test("the corpus has at least 60 cases and the table covers exactly them")
    func coverage() throws {
        #expect(Self.caseNames.count >= 60)
        let cases = try #require(Self.table)
        #expect(cases.keys.sorted() == Self.caseNames)
    }

    @Test("entries, invalid lines and resulting values match python-dotenv", arguments: caseNames)
    func conforms(_ caseName: String) throws {
        let expected = try #require(Self.table?[caseName])
        let environment = try #require(Self.environment)
        let bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("cases/\(caseName)")))
        let parse = { () throws(DotEnv.Rejection) -> DotEnv.Document in
            try DotEnv.parse(bytes, environment: { environment[$0] })
        }

        if let rejected = expected["rejected"]?.stringValue {
            #expect(rejected == "notUTF8")
            let line = try #require(expected["line"]?.int64Value)
            #expect(throws: DotEnv.Rejection.notUTF8(line: Int(line))) { try parse() }
            return
        }
        let document = try parse()

        let entries = try #require(expected["entries"].flatMap { value -> [JSONValue]? in
            if case .array(let a) = value { return a } else { return nil }
        })
        let wanted = try entries.map { entry throws -> DotEnv.Entry in
            DotEnv.Entry(name: try #require(entry["name"]?.stringValue),
                         value: try #require(Self.optionalString(entry["value"])),
                         line: Int(try #require(entry["line"]?.int64Value)))
        }
        #expect(document.entries == wanted)

        let invalid = try #require(expected["invalid_lines"].flatMap { value -> [Int]? in
            guard case .array(let a) = value else { return nil }
            return a.compactMap { $0.int64Value.map(Int.init) }
        })
        #expect(document.invalidLines == invalid)

        // python-dotenv's mapping: first occurrence's position, last occurrence's value.
        var order: [String] = []
        var last: [String: String?] = [:]
        for entry in document.entries {
            if last[entry.name] == nil { order.append(entry.name) }
            last[entry.name] = .some(entry.value)
        }
        let values = try #require(expected["values"].flatMap { value -> [JSONValue]? in
            if case .array(let a) = value { return a } else { return nil }
        })
        let wantedValues = try values.map { pair throws -> String in
            guard case .array(let p) = pair, p.count == 2, let name = p[0].stringValue else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "pair")) }
            return "\(name)=\(String(describing: try #require(Self.optionalString(p[1]))))"
        }
        #expect(order.map { "\($0)=\(String(describing: last[$0]!))" } == wantedValues)
    }
}
