import Testing
@testable import CGI

/// An in-memory file for the HTTP semantics (the real one, opened with openat, is tested in EffectsTests).
final class MemoryFile: FileContents, @unchecked Sendable {
    let bytes: [UInt8]
    let attributes: FileAttributes

    init(_ bytes: [UInt8], modified: Int64 = 784_111_777, nanoseconds: Int64 = 5) {
        self.bytes = bytes
        attributes = FileAttributes(size: Int64(bytes.count), modifiedSeconds: modified, modifiedNanoseconds: nanoseconds,
                                    inode: 0x1234, device: 8)
    }

    func copy(offset: Int64, count: Int64, to sink: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        bytes[Int(offset)..<Int(offset + count)].withUnsafeBytes(sink)
    }
}

/// The body a response would write: its bytes, or its stream collected.
func writtenBody(_ response: Response) -> [UInt8] {
    guard let stream = response.stream else { return response.body }
    var out: [UInt8] = []
    #expect(stream.write { out += $0; return true })
    #expect(Int64(out.count) == stream.length)
    return out
}

@Suite("FileResponder: validators, conditional requests, one byte range (RFC 9110 §8.8, §13, §14)")
struct FileResponderTests {
    static let now: Int64 = 1_700_000_000
    static let file = MemoryFile((0..<1000).map { UInt8($0 % 251) })
    static let etag = EntityTag.forFile(file.attributes, now: now).headerValue
    static let lastModified = "Sun, 06 Nov 1994 08:49:37 GMT"

    /// The answer for `GET /files/<rest>` with `headers` (CGI variable names) and the file `file` named `name`.
    static func answer(_ rest: String = "data.bin", _ headers: [String: String?] = [:], file: MemoryFile = file,
                       name: String = "data.bin", needsSlash: Bool = false, now: Int64 = now) throws -> FileAnswer {
        var env = headers
        env["PATH_INFO"] = "/files/" + rest
        return FileResponder.respond(pathInfoRest: rest, request: try request(env), now: now) { _ in
            OpenedFile(contents: file, name: name, needsTrailingSlash: needsSlash)
        }
    }

    static func response(_ headers: [String: String?] = [:], file: MemoryFile = file, now: Int64 = now) throws -> Response {
        guard case .response(let response) = try answer("data.bin", headers, file: file, now: now) else {
            Issue.record("refused")
            return Response(status: 0)
        }
        return response
    }

    @Test("a 200 head: type, length, validators, Accept-Ranges, private caching, no page headers")
    func fullHead() throws {
        let response = try Self.response()
        let out = ParsedOutput(response.serialized(includeBody: true))
        #expect(out.lines == [
            "Content-Type: application/octet-stream", "ETag: \(Self.etag)", "Last-Modified: \(Self.lastModified)",
            "Accept-Ranges: bytes", "Content-Length: 1000", "Cache-Control: private", "X-Content-Type-Options: nosniff",
        ])
        #expect(out.body.isEmpty)   // the stream is written by the caller after the head
        #expect(writtenBody(response) == Self.file.bytes)
    }

    @Test("the ETag is strong, from inode, size and time to the nanosecond; weak within a second of the change")
    func entityTag() {
        #expect(Self.etag == "\"1234-3e8-2ebc98a1.5\"")
        let fresh = MemoryFile([1], modified: Self.now)
        #expect(EntityTag.forFile(fresh.attributes, now: Self.now).headerValue.hasPrefix("W/\""))
        let other = MemoryFile([1], modified: 784_111_777, nanoseconds: 6)
        #expect(EntityTag.forFile(other.attributes, now: Self.now) != EntityTag.forFile(MemoryFile([1]).attributes, now: Self.now))
    }

    static let conditionals: [([String: String], Int)] = [
        ([:], 200),
        (["HTTP_IF_NONE_MATCH": etag], 304),
        (["HTTP_IF_NONE_MATCH": "W/" + etag], 304),                       // weak comparison
        (["HTTP_IF_NONE_MATCH": "\"other\", " + etag], 304),
        (["HTTP_IF_NONE_MATCH": " \"a\" ,, \"b\",\(etag) "], 304),
        (["HTTP_IF_NONE_MATCH": "*"], 304),
        (["HTTP_IF_NONE_MATCH": "\"other\""], 200),
        (["HTTP_IF_NONE_MATCH": String(etag.dropLast())], 200),           // malformed: no match
        (["HTTP_IF_NONE_MATCH": "\"other\"", "HTTP_IF_MODIFIED_SINCE": "Sun, 06 Nov 2050 08:49:37 GMT"], 200),  // INM wins
        (["HTTP_IF_NONE_MATCH": "garbage", "HTTP_IF_MODIFIED_SINCE": lastModified], 200),
        (["HTTP_IF_MODIFIED_SINCE": lastModified], 304),
        (["HTTP_IF_MODIFIED_SINCE": "Mon, 07 Nov 1994 00:00:00 GMT"], 304),
        (["HTTP_IF_MODIFIED_SINCE": "Sun, 06 Nov 1994 08:49:36 GMT"], 200),
        (["HTTP_IF_MODIFIED_SINCE": "Sunday, 06-Nov-94 08:49:37 GMT"], 304),
        (["HTTP_IF_MODIFIED_SINCE": "Sun Nov  6 08:49:37 1994"], 304),
        (["HTTP_IF_MODIFIED_SINCE": "yesterday"], 200),
        (["HTTP_IF_NONE_MATCH": etag, "REQUEST_METHOD": "HEAD"], 304),
        (["HTTP_IF_NONE_MATCH": etag, "HTTP_RANGE": "bytes=0-1"], 304),
        (["HTTP_RANGE": "bytes=0-9"], 206),
        (["HTTP_RANGE": "bytes=0-9", "REQUEST_METHOD": "HEAD"], 200),      // Range is defined for GET only
        (["HTTP_RANGE": "bytes=0-9", "HTTP_IF_RANGE": etag], 206),
        (["HTTP_RANGE": "bytes=0-9", "HTTP_IF_RANGE": "\"other\""], 200),
        (["HTTP_RANGE": "bytes=0-9", "HTTP_IF_RANGE": "W/" + etag], 200),  // If-Range needs strong comparison
        (["HTTP_RANGE": "bytes=0-9", "HTTP_IF_RANGE": lastModified], 206),
        (["HTTP_RANGE": "bytes=0-9", "HTTP_IF_RANGE": "Sun, 06 Nov 1994 08:49:38 GMT"], 200),
        (["HTTP_RANGE": "bytes=0-9", "HTTP_IF_RANGE": "nonsense"], 200),
        (["HTTP_RANGE": "bytes=1000-"], 416),
        (["HTTP_RANGE": "bytes=0-1,5-6"], 200),
        (["HTTP_RANGE": "bytes=x-y"], 200),
    ]

    @Test("conditional evaluation in RFC 9110 §13.2.2 order", arguments: conditionals)
    func conditional(_ headers: [String: String], _ status: Int) throws {
        #expect(try Self.response(headers).status == status)
    }

    @Test("If-Range with a date is refused while the file is too fresh for its date to be a strong validator")
    func freshIfRange() throws {
        let fresh = MemoryFile([1, 2, 3], modified: Self.now)
        let date = HTTPDate.imfFixdate(Self.now)
        #expect(try Self.response(["HTTP_RANGE": "bytes=0-0", "HTTP_IF_RANGE": date], file: fresh).status == 200)
        let tag = EntityTag.forFile(fresh.attributes, now: Self.now).headerValue
        #expect(try Self.response(["HTTP_RANGE": "bytes=0-0", "HTTP_IF_RANGE": tag], file: fresh).status == 200)
    }

    @Test("304: validators and caching, no Content-Type, no Content-Length, no body")
    func notModified() throws {
        let response = try Self.response(["HTTP_IF_NONE_MATCH": Self.etag])
        let out = ParsedOutput(response.serialized(includeBody: true))
        #expect(out.lines == ["Status: 304 Not Modified", "ETag: \(Self.etag)", "Last-Modified: \(Self.lastModified)",
                              "Cache-Control: private", "X-Content-Type-Options: nosniff"])
        #expect(out.body.isEmpty && response.stream == nil)
    }

    @Test("206: Content-Range and Content-Length of the part, the part's bytes")
    func partial() throws {
        let response = try Self.response(["HTTP_RANGE": "bytes=990-2000"])
        let out = ParsedOutput(response.serialized(includeBody: true))
        #expect(out.lines.first == "Status: 206 Partial Content")
        #expect(out.values("Content-Range") == ["bytes 990-999/1000"])
        #expect(out.values("Content-Length") == ["10"])
        #expect(writtenBody(response) == Array(Self.file.bytes[990...]))
    }

    @Test("416: Content-Range bytes */size and nothing else of the file")
    func unsatisfiable() throws {
        let response = try Self.response(["HTTP_RANGE": "bytes=-0"])
        let out = ParsedOutput(response.serialized(includeBody: true))
        #expect(out.lines.first == "Status: 416 Range Not Satisfiable")
        #expect(out.values("Content-Range") == ["bytes */1000"])
        #expect(out.values("Content-Length") == ["0"])
        #expect(response.stream == nil)
    }

    @Test("HEAD: the GET head with the full length, no body")
    func head() throws {
        let get = try Self.response()
        let head = try Self.response(["REQUEST_METHOD": "HEAD"])
        #expect(head.serialized(includeBody: false) == get.serialized(includeBody: true))
        #expect(ParsedOutput(head.serialized(includeBody: false)).values("Content-Length") == ["1000"])
    }

    @Test("a folder named without its trailing slash is redirected to the folder's URL")
    func folderRedirect() throws {
        guard case .response(let response) = try Self.answer("docs", needsSlash: true) else { Issue.record("refused"); return }
        #expect(response.status == 302)
        #expect(response.location == "/cgi-bin/signin.cgi/files/docs/")
    }

    @Test("a refused path never reaches the opener; the opener's refusal is passed on")
    func refusals() throws {
        var opened = 0
        let request = try request(["PATH_INFO": "/files/../x"])
        let answer = FileResponder.respond(pathInfoRest: "../x", request: request, now: Self.now) { (_) throws(FileRefusal) in
            opened += 1
            throw .notFound
        }
        guard case .notFound(.pathTraversal) = answer else { Issue.record("not refused: \(answer)"); return }
        #expect(opened == 0)
        let missing = FileResponder.respond(pathInfoRest: "x", request: request, now: Self.now) { (_) throws(FileRefusal) in
            throw .symlink
        }
        guard case .notFound(.symlink) = missing else { Issue.record("not refused: \(missing)"); return }
    }

    static let ranges: [(String?, Int64, ByteRange)] = [
        ("bytes=0-499", 1000, .part(offset: 0, length: 500)),
        ("bytes=500-", 1000, .part(offset: 500, length: 500)),
        ("bytes=-200", 1000, .part(offset: 800, length: 200)),
        ("bytes=-2000", 1000, .part(offset: 0, length: 1000)),
        ("bytes=0-0", 1000, .part(offset: 0, length: 1)),
        ("bytes=999-", 1000, .part(offset: 999, length: 1)),
        ("bytes=990-2000", 1000, .part(offset: 990, length: 10)),
        ("bytes=0-99999999999999999999999", 1000, .part(offset: 0, length: 1000)),
        ("BYTES=0-1", 1000, .part(offset: 0, length: 2)),
        (" bytes=0-1 ", 1000, .part(offset: 0, length: 2)),
        ("bytes=0-1,", 1000, .part(offset: 0, length: 2)),
        ("bytes=1000-", 1000, .unsatisfiable),
        ("bytes=1000-1001", 1000, .unsatisfiable),
        ("bytes=-0", 1000, .unsatisfiable),
        ("bytes=99999999999999999999999-", 1000, .unsatisfiable),
        (nil, 1000, .whole),
        ("", 1000, .whole),
        ("bytes=5-4", 1000, .whole),
        ("bytes=0-1,5-6", 1000, .whole),
        ("bytes=0-1, -5", 1000, .whole),
        ("bytes=abc", 1000, .whole),
        ("bytes=-", 1000, .whole),
        ("bytes=", 1000, .whole),
        ("bytes=+1-2", 1000, .whole),
        ("bytes=0x10-", 1000, .whole),
        ("bytes=1 -2", 1000, .whole),
        ("bytes=-1-2", 1000, .whole),
        ("items=0-1", 1000, .whole),
        ("bytes 0-1", 1000, .whole),
        ("bytes=0-", 0, .whole),
        ("bytes=-5", 0, .whole),
        ("bytes=0-" + String(repeating: "9", count: 300), 1000, .whole),
    ]

    @Test("Range: one range is served, the rest ignored (RFC 9110 §14.1.2)", arguments: ranges)
    func range(_ field: String?, _ size: Int64, _ expected: ByteRange) {
        #expect(ByteRange.evaluate(field, size: size) == expected)
    }

    static let types: [(String, String)] = [
        ("index.html", "text/html; charset=utf-8"), ("a.HTM", "text/html; charset=utf-8"), ("s.css", "text/css; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"), ("m.mjs", "text/javascript; charset=utf-8"),
        ("d.json", "application/json"), ("r.txt", "text/plain; charset=utf-8"), ("t.csv", "text/csv; charset=utf-8"),
        ("f.xml", "application/xml"), ("i.svg", "image/svg+xml"), ("p.png", "image/png"), ("p.jpg", "image/jpeg"),
        ("p.JPEG", "image/jpeg"), ("g.gif", "image/gif"), ("w.webp", "image/webp"), ("a.avif", "image/avif"),
        ("favicon.ico", "image/vnd.microsoft.icon"), ("doc.pdf", "application/pdf"), ("z.zip", "application/zip"),
        ("t.tar.gz", "application/gzip"), ("t.tar", "application/x-tar"), ("v.mp4", "video/mp4"), ("v.webm", "video/webm"),
        ("s.mp3", "audio/mpeg"), ("s.ogg", "audio/ogg"), ("s.wav", "audio/wav"), ("f.woff", "font/woff"),
        ("f.woff2", "font/woff2"), ("f.ttf", "font/ttf"), ("f.otf", "font/otf"), ("m.wasm", "application/wasm"),
        ("README.md", "text/markdown; charset=utf-8"), ("Makefile", "application/octet-stream"),
        ("a.exe", "application/octet-stream"), ("trailing.", "application/octet-stream"), ("x.html.bak", "application/octet-stream"),
    ]

    @Test("Content-Type by extension, text types in UTF-8, the rest octet-stream", arguments: types)
    func contentType(_ name: String, _ type: String) {
        #expect(ContentType.forFileName(name) == type)
    }

    @Test("the 200 response carries the type of the file's name")
    func typeHeader() throws {
        guard case .response(let r) = try Self.answer("docs/", name: "index.html") else { Issue.record("refused"); return }
        #expect(ParsedOutput(r.serialized(includeBody: false)).values("Content-Type") == ["text/html; charset=utf-8"])
    }
}

@Suite("HTTPDate: the three HTTP-date formats (RFC 9110 §5.6.7)")
struct HTTPDateTests {
    @Test("valid dates", arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777), ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777),
        ("Sun Nov  6 08:49:37 1994", 784_111_777), ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        ("Tue, 29 Feb 2000 12:00:00 GMT", 951_825_600), ("Thursday, 01-Jan-70 00:00:00 GMT", 0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799), ("Wed, 01 Jan 2025 00:00:60 GMT", 1_735_689_659),
    ] as [(String, Int64)])
    func valid(_ text: String, _ seconds: Int64) {
        #expect(HTTPDate.parse(text) == seconds)
    }

    @Test("anything else is no date", arguments: [
        "", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1969 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov +994 08:49:37 GMT", "Sun Nov  6 08:49:37 94", "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT extra words here",
    ])
    func invalid(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test("parsing what imfFixdate writes gives the same second back")
    func roundTrip() {
        for t: Int64 in [0, 1, 784_111_777, 951_825_600, 1_700_000_000, 4_102_444_800] {
            #expect(HTTPDate.parse(HTTPDate.imfFixdate(t)) == t)
        }
    }
}

@Suite("EntityTag lists (RFC 9110 §8.8.3, §13.1.2)")
struct EntityTagTests {
    @Test("a file's tag is hex as String(_:radix: 16) writes it, negative times included", arguments: [
        (UInt64(0), Int64(0), Int64(0), Int64(0)), (0xfd66ed, 0x4b0, 0x6b0f8063, 0x33b5f4e6),
        (UInt64.max, Int64.max, -2_147_483_648, -1), (1, 15, 16, 999_999_999), (0x10, -0x10, -86400, 0xabcdef),
    ] as [(UInt64, Int64, Int64, Int64)])
    func fileTagHex(_ inode: UInt64, _ size: Int64, _ seconds: Int64, _ nanoseconds: Int64) {
        let file = FileAttributes(size: size, modifiedSeconds: seconds, modifiedNanoseconds: nanoseconds, inode: inode, device: 1)
        let expected = String(inode, radix: 16) + "-" + String(size, radix: 16) + "-" + String(seconds, radix: 16) + "."
            + String(nanoseconds, radix: 16)
        #expect(EntityTag.forFile(file, now: 2_000_000_000).opaque == expected)
    }


    @Test("lists", arguments: [
        ("\"a\"", EntityTag.List.tags([EntityTag(opaque: "a", isWeak: false)])),
        ("W/\"a\", \"b\"", .tags([EntityTag(opaque: "a", isWeak: true), EntityTag(opaque: "b", isWeak: false)])),
        (" * ", .any), ("\"\"", .tags([EntityTag(opaque: "", isWeak: false)])),
    ] as [(String, EntityTag.List)])
    func valid(_ text: String, _ list: EntityTag.List) {
        #expect(EntityTag.parseList(text) == list)
    }

    @Test("malformed lists", arguments: ["", "a", "\"a", "w/\"a\"", "\"a\"b", "\"a b\"", "\"a\"\"b\"", "*, \"a\"", "\"\u{7F}\""])
    func invalid(_ text: String) {
        #expect(EntityTag.parseList(text) == nil)
    }
}
