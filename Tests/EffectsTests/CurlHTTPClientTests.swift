import Foundation
import Testing
@testable import Effects

@Suite("CurlHTTPClient without network")
struct CurlHTTPClientTests {
    @Test("refuses every URL that is not https before any I/O",
          arguments: ["http://127.0.0.1:9/", "file:///etc/passwd", "ftp://example.com/", "HTTP://example.com/",
                      "gopher://127.0.0.1:9/", "example.com/path", " https://example.com/", "https://", "", "https:/x"])
    func refusesNonHTTPS(_ url: String) {
        let client = CurlHTTPClient(caBundle: nil)
        #expect(throws: HTTPError.notHTTPS) { try client.send(HTTPRequest(url: url)) }
    }

    @Test("accepts the https scheme in any case")
    func schemeCaseInsensitive() {
        #expect(CurlHTTPClient.isHTTPS("HTTPS://example.com/"))
        #expect(CurlHTTPClient.isHTTPS("https://example.com/"))
    }

    @Test("refuses request header fields that would split the request")
    func refusesHeaderInjection() {
        let client = CurlHTTPClient(caBundle: nil)
        let request = HTTPRequest(url: "https://127.0.0.1:9/", headers: [("X-A", "1\r\nX-B: 2")])
        #expect(throws: HTTPError.transport("invalid request header field")) { try client.send(request) }
    }

    @Test("HTTPResponse.header looks names up case-insensitively and takes the last")
    func headerLookup() {
        let response = HTTPResponse(status: 200, headers: [("x-a", "1"), ("x-a", "2")], body: [])
        #expect(response.header("X-A") == "2")
        #expect(response.header("x-b") == nil)
    }
}

@Suite("CurlTransfer callbacks")
struct CurlTransferTests {
    private func feed(_ transfer: CurlTransfer, _ lines: [String]) -> [Bool] {
        lines.map { line in Array(line.utf8).withUnsafeBytes { transfer.appendHeaderLine($0) } }
    }

    @Test("collects header fields with lowercased names and trimmed values")
    func headers() {
        let transfer = CurlTransfer(maxBytes: 1 << 20)
        _ = feed(transfer, ["HTTP/1.1 200 OK\r\n", "Content-Type:  application/json \r\n", "X-Multi: a\r\n", "\tb\r\n", "\r\n"])
        #expect(transfer.headers.map(\.0) == ["content-type", "x-multi"])
        #expect(transfer.headers.map(\.1) == ["application/json", "a b"])
    }

    @Test("keeps only the last response's header fields")
    func lastResponseOnly() {
        let transfer = CurlTransfer(maxBytes: 1 << 20)
        _ = feed(transfer, ["HTTP/1.1 100 Continue\r\n", "X-Early: 1\r\n", "\r\n", "HTTP/1.1 200 OK\r\n", "X-Late: 2\r\n", "\r\n"])
        #expect(transfer.headers.map(\.0) == ["x-late"])
    }

    @Test("cuts an overlong header line")
    func capsHeaderLine() {
        let transfer = CurlTransfer(maxBytes: 1 << 20)
        _ = feed(transfer, ["X-Long: " + String(repeating: "v", count: 20_000) + "\r\n"])
        #expect(transfer.headers.first.map { $0.1.utf8.count } == CurlTransfer.maxHeaderLineBytes - "X-Long: ".utf8.count)
    }

    @Test("aborts once the body passes the cap, and says so")
    func bodyCap() {
        let transfer = CurlTransfer(maxBytes: 4)
        let first = [UInt8]([1, 2, 3]).withUnsafeBytes { transfer.appendBody($0) }
        let second = [UInt8]([4, 5]).withUnsafeBytes { transfer.appendBody($0) }
        #expect(first && !second)
        #expect(transfer.exceeded)
        #expect(transfer.body == [1, 2, 3])
    }

    @Test("aborts once header bytes pass the cap")
    func headerCap() {
        let transfer = CurlTransfer(maxBytes: 20)
        #expect(feed(transfer, ["HTTP/1.1 200 OK\r\n", "X-Too-Much: yes\r\n"]) == [true, false])
        #expect(transfer.exceeded)
    }
}

@Suite("Clock and randomness")
struct SystemEffectsTests {
    @Test("SystemClock reads the wall clock")
    func clock() {
        let now = SystemClock().now
        #expect(now > 1_700_000_000)
        #expect(abs(now - Int64(time(nil))) <= 1)
    }

    @Test("SystemRandom returns the count asked for, and differs between calls")
    func random() {
        let random = SystemRandom()
        #expect(random.bytes(0).isEmpty)
        #expect(random.bytes(32).count == 32)
        #expect(random.bytes(32) != random.bytes(32))
    }

    @Test("the /dev/urandom fallback returns the count asked for")
    func urandomFallback() {
        #expect(SystemRandom.readURandom(48)?.count == 48)
    }
}
