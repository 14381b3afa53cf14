import Foundation
import Testing
@testable import CGI

/// A GET for `/cgi-bin/signin.cgi/` over HTTPS on example.test, with `overrides` applied (nil removes a variable).
func environment(_ overrides: [String: String?] = [:]) -> [String: String] {
    var env = [
        "GATEWAY_INTERFACE": "CGI/1.1",
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "/cgi-bin/signin.cgi",
        "PATH_INFO": "/",
        "SERVER_NAME": "example.test",
        "SERVER_PORT": "443",
        "HTTPS": "on",
    ]
    for (key, value) in overrides {
        env[key] = value
    }
    return env
}

/// Parses a request that reads no body (a test fails if it tries).
func request(_ overrides: [String: String?] = [:]) throws(CGIError) -> Request {
    try Request(environment: environment(overrides), readBody: { _ in
        Issue.record("body read unexpectedly")
        return []
    })
}

/// The result of parsing, as a value a `#expect` can compare.
func parseError(_ overrides: [String: String?]) -> CGIError? {
    do {
        _ = try Request(environment: environment(overrides), readBody: { [UInt8](repeating: 0x61, count: $0) })
        return nil
    } catch {
        return error
    }
}

/// The head of serialized CGI output split into lines, and the body.
struct ParsedOutput {
    let lines: [String]
    let body: [UInt8]
    let head: [UInt8]

    init(_ bytes: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        var split = bytes.count
        if bytes.count >= 4 {
            for i in 0...(bytes.count - 4) where Array(bytes[i..<(i + 4)]) == separator {
                split = i
                break
            }
        }
        head = Array(bytes[..<split])
        lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        body = split + 4 <= bytes.count ? Array(bytes[(split + 4)...]) : []
    }

    /// Header names in order, as written.
    var names: [String] { lines.compactMap { $0.split(separator: ":", maxSplits: 1).first.map(String.init) } }

    /// Every value of a header, case-insensitively by name.
    func values(_ name: String) -> [String] {
        lines.compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].lowercased() == name.lowercased() else { return nil }
            return String(parts[1].drop { $0 == " " })
        }
    }
}
