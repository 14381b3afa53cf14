import Testing
@testable import CGI

@Suite("Request: a body, bounded by CONTENT_LENGTH (RFC 3875 §4.2), read and not kept")
struct RequestBodyTests {
    final class ReadLog: @unchecked Sendable { var calls: [Int] = [] }

    static func post(_ body: String, length: String? = nil, type: String? = "application/x-www-form-urlencoded",
                     extra: [String: String?] = [:], log: ReadLog = ReadLog()) throws(CGIError) -> Request {
        var overrides: [String: String?] = ["REQUEST_METHOD": "POST", "CONTENT_LENGTH": length ?? String(body.utf8.count),
                                            "CONTENT_TYPE": type]
        for (k, v) in extra { overrides[k] = v }
        return try Request(environment: environment(overrides), readBody: { n in
            log.calls.append(n)
            return Array(body.utf8)
        })
    }

    @Test("reads exactly CONTENT_LENGTH bytes once")
    func readsOnce() throws {
        let log = ReadLog()
        _ = try Self.post("a=1&b=2", length: "3", log: log)
        #expect(log.calls == [3])
    }

    @Test("refuses a body over 64 KiB without reading it", arguments: ["65537", "100000", "99999999999999999999999"])
    func bodyTooLarge(_ length: String) {
        let log = ReadLog()
        #expect(throws: CGIError.bodyTooLarge) { try Self.post("a=1", length: length, log: log) }
        #expect(log.calls.isEmpty)
    }

    @Test("accepts a body of exactly 64 KiB")
    func bodyAtLimit() throws {
        let body = "a=" + String(repeating: "b", count: Request.maxBodyBytes - 2)
        let log = ReadLog()
        _ = try Self.post(body, log: log)
        #expect(log.calls == [Request.maxBodyBytes])
    }

    @Test("does not read when CONTENT_LENGTH is 0 or absent", arguments: ["0", ""])
    func noBody(_ length: String) throws {
        let log = ReadLog()
        _ = try Self.post("a=1", length: length, log: log)
        #expect(log.calls.isEmpty)
    }

    @Test("a chunked body without CONTENT_LENGTH needs a length")
    func chunked() {
        #expect(throws: CGIError.lengthRequired) {
            try Self.post("a=1", length: "", extra: ["HTTP_TRANSFER_ENCODING": "chunked"])
        }
    }

    @Test("a body shorter than announced is a bad request")
    func shortBody() {
        #expect(throws: CGIError.badRequest("body shorter than CONTENT_LENGTH")) { try Self.post("a=1", length: "10") }
    }
}
