import CGI
import Foundation
import Testing
@testable import Effects

/// A protected folder with one of everything, next to a folder it must never reach.
///
///     <temp>/outside/secret.txt       the target of every escape
///     <temp>/root/                     PROTECTED_DIR (no index.html of its own)
///         public.txt, docs/index.html, docs/guide.md, empty/, indexdir/index.html/ (a folder),
///         .git/config, .htaccess, sub/.hidden.txt, %2e%2e (a file really called that), big.bin (64 MiB, sparse),
///         link-out → ../outside/secret.txt, link-abs → /etc/passwd, link-in → public.txt, linkdir → docs,
///         devnull → /dev/null, fifo (mkfifo), sock (a listening Unix socket)
final class Fixture {
    let temp: TemporaryDirectory
    var root: String { temp.child("root") }
    static let bigSize: Int64 = 64 << 20
    static let markers: [Int64] = [0, 1, 65535, 65536, 65537, 1 << 20, (64 << 20) - 65536, (64 << 20) - 1]
    let socket: Int32

    init() throws {
        temp = try TemporaryDirectory()
        let fm = FileManager.default
        for dir in ["outside", "root", "root/docs", "root/empty", "root/indexdir/index.html", "root/.git", "root/sub"] {
            try fm.createDirectory(atPath: temp.child(dir), withIntermediateDirectories: true)
        }
        let files = ["outside/secret.txt": "secret", "root/public.txt": "hello", "root/docs/index.html": "<p>docs</p>",
                     "root/docs/guide.md": "# guide", "root/.git/config": "[core]", "root/.htaccess": "deny",
                     "root/sub/.hidden.txt": "hidden", "root/%2e%2e": "literal"]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: temp.child(name))) }
        let links = ["link-out": "../outside/secret.txt", "link-abs": "/etc/passwd", "link-in": "public.txt",
                     "linkdir": "docs", "devnull": "/dev/null"]
        for (name, target) in links { try fm.createSymbolicLink(atPath: temp.child("root/" + name), withDestinationPath: target) }
        guard mkfifo(temp.child("root/fifo"), 0o600) == 0 else { throw POSIXError(.EIO) }
        socket = try Self.listeningSocket(at: temp.child("root/sock"))
        let big = open(temp.child("root/big.bin"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { close(big) }
        guard big >= 0, ftruncate(big, off_t(Self.bigSize)) == 0 else { throw POSIXError(.EIO) }
        for offset in Self.markers {
            var byte = Self.marker(offset)
            guard pwrite(big, &byte, 1, off_t(offset)) == 1 else { throw POSIXError(.EIO) }
        }
    }

    deinit {
        close(socket)
        temp.remove()
    }

    /// The byte written at `offset` (never 0, so a hole is told apart from a marker).
    static func marker(_ offset: Int64) -> UInt8 { UInt8(truncatingIfNeeded: offset % 251) | 0x80 }

    static func listeningSocket(at path: String) throws -> Int32 {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 1) == 0 else { throw POSIXError(.EIO) }
        return fd
    }

    /// `GET /files/<rest>` (or another method), signed in and allowed, answered from the fixture's root.
    func answer(_ rest: String, _ headers: [String: String] = [:], folder: String? = nil) throws -> FileAnswer {
        var env = ["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "SCRIPT_NAME": "/cgi-bin/signin.cgi",
                   "PATH_INFO": "/files/" + rest, "SERVER_NAME": "example.test", "SERVER_PORT": "443", "HTTPS": "on"]
        env.merge(headers) { $1 }
        // `Request` already refuses control bytes and invalid UTF-8 in PATH_INFO (400); the path check must
        // refuse them on its own as well, so such rows reach it through an innocent PATH_INFO.
        let request = try (try? Request(environment: env, readBody: { _ in [] }))
            ?? Request(environment: env.merging(["PATH_INFO": "/files/"]) { $1 }, readBody: { _ in [] })
        return ProtectedFolder(path: folder ?? root).respond(pathInfoRest: rest, request: request, now: 2_000_000_000)
    }

    /// The response, or nil (with an issue recorded) when refused.
    func response(_ rest: String, _ headers: [String: String] = [:]) throws -> Response? {
        switch try answer(rest, headers) {
        case .response(let response): return response
        case .notFound(let reason):
            Issue.record("refused \(rest): \(reason)")
            return nil
        }
    }
}

/// Everything `response` writes, through `ProcessIO.write` into a pipe drained by another thread.
func output(of response: Response, includeBody: Bool = true, allowSendfile: Bool = true) -> (ok: Bool, bytes: [UInt8]) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { return (false, []) }
    let collected = OutputCollector(fd: fds[0])
    collected.start()
    let ok = ProcessIO.write(response, includeBody: includeBody, to: fds[1], allowSendfile: allowSendfile)
    close(fds[1])
    return (ok, collected.wait())
}

/// Reads a descriptor to its end on its own thread, keeping the head, the total count and the bytes at given offsets.
final class OutputCollector: @unchecked Sendable {
    let fd: Int32
    private var bytes: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    init(fd: Int32) { self.fd = fd }

    func start() {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                bytes += buffer[..<n]
            }
            close(fd)
            done.signal()
        }
    }

    func wait() -> [UInt8] {
        done.wait()
        return bytes
    }
}

@Suite("ProtectedFolder: /files/ never leaves PROTECTED_DIR and serves only regular files")
struct ProtectedFolderTests {
    static let refusals: [(String, FileRefusal)] = [
        ("..", .pathTraversal), ("../outside/secret.txt", .pathTraversal), ("docs/../../outside/secret.txt", .pathTraversal),
        (".", .pathTraversal), ("./public.txt", .pathTraversal), ("docs/./index.html", .pathTraversal),
        ("docs/..", .pathTraversal),
        ("%2e%2e", .encodedByte), ("%2e%2e/outside/secret.txt", .encodedByte), ("%2e%2e%2foutside%2fsecret.txt", .encodedByte),
        ("%252e%252e/outside/secret.txt", .encodedByte), ("docs%2findex.html", .encodedByte), ("docs%5cindex.html", .encodedByte),
        ("%2E%2E/outside", .encodedByte), ("public.txt%00", .encodedByte),
        ("..%2foutside%2fsecret.txt", .hiddenSegment), ("....//outside/secret.txt", .hiddenSegment),
        ("..\\outside\\secret.txt", .hiddenSegment), ("docs\\..\\..\\outside\\secret.txt", .badByte),
        ("/etc/passwd", .emptySegment), ("//etc/passwd", .emptySegment), ("docs//index.html", .emptySegment), ("/", .emptySegment),
        ("public.txt\u{0}", .badByte), ("public.txt\u{0}.html", .badByte), ("pub\u{1}lic.txt", .badByte), ("public.txt\n", .badByte),
        ("\u{7F}", .badByte), ("docs\u{200B}/index.html", .badByte), ("\u{202E}txt.cilbup", .badByte),
        (String(decoding: [0xC0, 0xAE, 0xC0, 0xAE], as: UTF8.self) + "/outside/secret.txt", .badByte),
        (".git/config", .hiddenSegment), (".htaccess", .hiddenSegment), ("sub/.hidden.txt", .hiddenSegment), (".env", .hiddenSegment),
        ("\u{2024}\u{2024}/outside/secret.txt", .lookalikeCharacter), ("\u{FF0E}\u{FF0E}/outside/secret.txt", .lookalikeCharacter),
        ("docs\u{FF0F}index.html", .lookalikeCharacter), ("docs\u{2215}index.html", .lookalikeCharacter), ("\u{2025}", .lookalikeCharacter),
        ("link-out", .symlink), ("link-abs", .symlink), ("link-in", .symlink), ("linkdir/index.html", .symlink), ("linkdir/", .symlink),
        ("linkdir", .symlink), ("devnull", .symlink),
        ("fifo", .notRegularFile), ("sock", .notRegularFile), ("indexdir/", .notRegularFile), ("indexdir", .notRegularFile),
        ("empty/", .notFound), ("empty", .notFound), ("", .notFound), ("missing.txt", .notFound), ("public.txt/", .notFound),
        ("public.txt/x", .notFound), ("missing/x", .notFound),
        (String(repeating: "a/", count: 40) + "x", .tooManySegments), (String(repeating: "a", count: 256), .tooLong),
    ]

    @Test("refused, each for its reason (the page is the same 404 for all)", arguments: refusals)
    func refused(_ rest: String, _ reason: FileRefusal) throws {
        let fixture = try Fixture()
        guard case .notFound(let why) = try fixture.answer(rest) else {
            Issue.record("served \(rest.debugDescription)")
            return
        }
        #expect(why == reason)
    }

    @Test("a missing or non-folder PROTECTED_DIR serves nothing")
    func badFolder() throws {
        let fixture = try Fixture()
        for folder in [fixture.temp.child("nope"), fixture.root + "/public.txt", ""] {
            guard case .notFound(.folderUnavailable) = try fixture.answer("public.txt", folder: folder) else {
                Issue.record("served from \(folder)")
                continue
            }
        }
    }

    @Test("a regular file, a folder's index.html, a file in a folder")
    func served() throws {
        let fixture = try Fixture()
        let text = try #require(try fixture.response("public.txt"))
        let out = output(of: text)
        #expect(out.ok)
        #expect(String(decoding: out.bytes, as: UTF8.self).hasSuffix("\r\n\r\nhello"))
        #expect(String(decoding: out.bytes, as: UTF8.self).contains("Content-Type: text/plain; charset=utf-8\r\n"))
        let index = try #require(try fixture.response("docs/"))
        #expect(String(decoding: output(of: index).bytes, as: UTF8.self).hasSuffix("<p>docs</p>"))
        let guide = try #require(try fixture.response("docs/guide.md"))
        #expect(String(decoding: output(of: guide).bytes, as: UTF8.self).contains("text/markdown"))
        let folder = try #require(try fixture.response("docs"))
        #expect(folder.status == 302 && folder.location == "/cgi-bin/signin.cgi/files/docs/")
    }

    @Test("the ETag and Last-Modified come from the opened file, and a matching If-None-Match is a 304")
    func validators() throws {
        let fixture = try Fixture()
        let first = try #require(try fixture.response("public.txt"))
        let etag = try #require(first.headers.first { $0.0 == "ETag" }?.1)
        #expect(try fixture.response("public.txt", ["HTTP_IF_NONE_MATCH": etag])?.status == 304)
        let lastModified = try #require(first.headers.first { $0.0 == "Last-Modified" }?.1)
        #expect(try fixture.response("public.txt", ["HTTP_IF_MODIFIED_SINCE": lastModified])?.status == 304)
    }

    @Test("64 MiB sparse file streams with its Content-Length and the right bytes at the edges", arguments: [true, false])
    func bigFile(sendfile: Bool) throws {
        let fixture = try Fixture()
        let response = try #require(try fixture.response("big.bin"))
        let out = output(of: response, allowSendfile: sendfile)
        #expect(out.ok)
        let head = ParsedHead(out.bytes)
        #expect(head.values("Content-Length") == [String(Fixture.bigSize)])
        #expect(Int64(out.bytes.count - head.bodyStart) == Fixture.bigSize)
        for offset in Fixture.markers {
            #expect(out.bytes[head.bodyStart + Int(offset)] == Fixture.marker(offset))
        }
        #expect(out.bytes[head.bodyStart + 2] == 0)   // a hole reads as zeros
    }

    @Test("a range of the big file crosses a chunk boundary exactly", arguments: [true, false])
    func bigRange(sendfile: Bool) throws {
        let fixture = try Fixture()
        let response = try #require(try fixture.response("big.bin", ["HTTP_RANGE": "bytes=65535-65537"]))
        let out = output(of: response, allowSendfile: sendfile)
        let head = ParsedHead(out.bytes)
        #expect(head.values("Content-Range") == ["bytes 65535-65537/\(Fixture.bigSize)"])
        #expect(Array(out.bytes[head.bodyStart...]) == [Fixture.marker(65535), Fixture.marker(65536), Fixture.marker(65537)])
        let tail = try #require(try fixture.response("big.bin", ["HTTP_RANGE": "bytes=-1"]))
        #expect(output(of: tail, allowSendfile: sendfile).bytes.last == Fixture.marker(Fixture.bigSize - 1))
    }

    @Test("HEAD writes the head only, with the full Content-Length")
    func head() throws {
        let fixture = try Fixture()
        let response = try #require(try fixture.response("big.bin", ["REQUEST_METHOD": "HEAD"]))
        let out = output(of: response, includeBody: false)
        let head = ParsedHead(out.bytes)
        #expect(head.values("Content-Length") == [String(Fixture.bigSize)])
        #expect(out.bytes.count == head.bodyStart)
    }

    @Test("a file that shrinks while it is sent ends the stream with a failure, not a hang or padding", arguments: [true, false])
    func shrinking(sendfile: Bool) throws {
        let fixture = try Fixture()
        let response = try #require(try fixture.response("big.bin"))
        #expect(truncate(fixture.root + "/big.bin", 1000) == 0)
        let out = output(of: response, allowSendfile: sendfile)
        #expect(!out.ok)
        #expect(out.bytes.count - ParsedHead(out.bytes).bodyStart == 1000)
    }

    @Test("an ordinary page is written byte for byte as before")
    func pageUnchanged() {
        let page = Response.html(404, "<p>gone</p>")
        #expect(output(of: page).bytes == page.serialized(includeBody: true))
        #expect(output(of: page, includeBody: false).bytes == page.serialized(includeBody: false))
    }
}

/// The head of CGI output: where the body starts, and header values by name.
struct ParsedHead {
    let lines: [String]
    let bodyStart: Int

    init(_ bytes: [UInt8]) {
        var end = bytes.count
        for i in 0..<max(0, min(bytes.count, 8192) - 3) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            end = i
            break
        }
        lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        bodyStart = min(end + 4, bytes.count)
    }

    func values(_ name: String) -> [String] {
        lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name.lowercased() else { return nil }
            return String(line[line.index(after: colon)...].drop { $0 == " " })
        }
    }
}
