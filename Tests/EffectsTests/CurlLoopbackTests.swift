import Foundation
import Testing
@testable import Effects

/// Integration tests: the real libcurl client against `Support/tls_server.py` on 127.0.0.1.
@Suite("CurlHTTPClient over loopback TLS", .serialized, .loopbackTLSServer)
struct CurlLoopbackTests {
    private var server: LoopbackTLSServer {
        get throws { try LoopbackTLSServer.current }
    }

    private func client(_ server: LoopbackTLSServer, totalTimeout: Int = 15) -> CurlHTTPClient {
        CurlHTTPClient(caBundle: server.caBundle, connectTimeout: 2, totalTimeout: totalTimeout, version: "9.9")
    }

    @Test("GET returns status, body and lowercased header names, trusting the given CA bundle")
    func getOK() throws {
        let server = try server
        let response = try client(server).send(HTTPRequest(url: server.url("/ok")))
        #expect(response.status == 200)
        #expect(response.body == Array("hello".utf8))
        #expect(response.header("X-Test") == "yes")
        #expect(response.headers.allSatisfy { $0.0 == $0.0.lowercased() })
        #expect(response.headers.contains { $0.0 == "content-type" })
    }

    @Test("sends its own User-Agent, the method, header fields and the POST body; reuses the handle")
    func postEcho() throws {
        let server = try server
        let client = client(server)
        for round in 0..<2 {
            let request = HTTPRequest(method: "POST", url: server.url("/echo"),
                                      headers: [("Content-Type", "application/x-www-form-urlencoded"), ("X-Round", "\(round)")],
                                      body: Array("grant_type=authorization_code&code=c\(round)".utf8))
            let response = try client.send(request)
            let echo = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(echo["method"] as? String == "POST")
            #expect(echo["user_agent"] as? String == "signin.cgi/9.9")
            #expect(echo["body"] as? String == "grant_type=authorization_code&code=c\(round)")
            let headers = try #require(echo["headers"] as? [String: String])
            #expect(headers["x-round"] == "\(round)")
            #expect(headers["expect"] == nil)
        }
    }

    @Test("does not follow a redirect: the 302 itself is the answer")
    func noRedirects() throws {
        let server = try server
        let response = try client(server).send(HTTPRequest(url: server.url("/redirect")))
        #expect(response.status == 302)
        #expect(response.header("location") == "/ok")
        #expect(response.body == Array("moved".utf8))
    }

    @Test("a response over the size cap fails with tooLarge, with or without Content-Length",
          arguments: ["/big", "/big-stream"])
    func sizeCap(_ path: String) throws {
        let server = try server
        #expect(throws: HTTPError.tooLarge) { try client(server).send(HTTPRequest(url: server.url(path))) }
    }

    @Test("a server slower than the total timeout fails with timeout")
    func timeout() throws {
        let server = try server
        #expect(throws: HTTPError.timeout) {
            try client(server, totalTimeout: 2).send(HTTPRequest(url: server.url("/slow")))
        }
    }

    @Test("a certificate outside the trusted bundle is refused")
    func untrustedCertificate() throws {
        let server = try server
        let client = CurlHTTPClient(caBundle: nil, connectTimeout: 2, totalTimeout: 5)
        let error = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: server.url("/ok"))) }
        guard case .transport(let reason) = error else { Issue.record("expected transport, got \(String(describing: error))"); return }
        #expect(!reason.contains("127.0.0.1"))
    }

    @Test("a CA directory in place of the built-in one is trusted when CA_BUNDLE is unset")
    func defaultCAPathTrusted() throws {
        let server = try server
        let client = CurlHTTPClient(caBundle: nil, defaultCAPath: server.caPath, connectTimeout: 2, totalTimeout: 5)
        #expect(try client.send(HTTPRequest(url: server.url("/ok"))).status == 200)
    }

    @Test("CA_BUNDLE replaces the CA directory: a server trusted only through it is refused")
    func caBundleReplacesCAPath() throws {
        let server = try server
        let client = CurlHTTPClient(caBundle: server.unrelatedCA, defaultCAPath: server.caPath, connectTimeout: 2, totalTimeout: 5)
        let error = #expect(throws: HTTPError.self) { try client.send(HTTPRequest(url: server.url("/ok"))) }
        guard case .transport = error else { Issue.record("expected transport, got \(String(describing: error))"); return }
    }

    @Test("a certificate for another host name is refused")
    func wrongHostName() throws {
        let server = try server
        let error = #expect(throws: HTTPError.self) { try client(server).send(HTTPRequest(url: server.url("/ok", host: "localhost"))) }
        #expect(error != .notHTTPS && error != .timeout && error != .tooLarge)
    }

    @Test("proxy variables in the environment are ignored (httpoxy)")
    func ignoresProxyEnvironment() throws {
        let server = try server
        let names = ["HTTP_PROXY", "HTTPS_PROXY", "https_proxy", "http_proxy", "ALL_PROXY", "all_proxy"]
        let cleared = ["NO_PROXY", "no_proxy"]
        let saved = (names + cleared).map { ($0, getenv($0).map { String(cString: $0) }) }
        defer {
            for (name, value) in saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        for name in names { setenv(name, "http://127.0.0.1:9", 1) }
        for name in cleared { unsetenv(name) }
        let response = try client(server).send(HTTPRequest(url: server.url("/ok")))
        #expect(response.status == 200)
    }
}
