import Foundation
import Synchronization
import Testing

/// `Support/tls_server.py` running on 127.0.0.1 with a throwaway certificate.
struct LoopbackTLSServer: Sendable {
    let port: Int
    /// The server's self-signed certificate, to pass as `caBundle`.
    let caBundle: String
    /// An OpenSSL CA directory holding only the server's certificate (under its subject hash).
    let caPath: String
    /// A CA certificate that did not issue the server's.
    let unrelatedCA: String

    func url(_ path: String, host: String = "127.0.0.1") -> String { "https://\(host):\(port)\(path)" }

    struct StartFailure: Error, CustomStringConvertible { let description: String }

    /// The suite's server, started by the first test that asks for it.
    static var current: LoopbackTLSServer {
        get throws {
            guard let scope = LoopbackTLSServerScope.current else {
                throw StartFailure(description: "not inside the .loopbackTLSServer trait")
            }
            return try scope.server()
        }
    }
}

/// Owns the server process for one suite run: started on first use, killed by PID at the end.
final class LoopbackTLSServerScope: Sendable {
    @TaskLocal static var current: LoopbackTLSServerScope?

    private struct Running {
        let process: Process
        let directory: TemporaryDirectory
        let server: LoopbackTLSServer
    }

    private let state = Mutex<Running?>(nil)

    func server() throws -> LoopbackTLSServer {
        try state.withLock { running in
            if let running { return running.server }
            let started = try Self.start()
            running = started
            return started.server
        }
    }

    /// Kills the process (SIGKILL: a child of Foundation's Process inherits the worker thread's
    /// blocked signal mask, so SIGTERM might never arrive) and removes its directory.
    func stop() {
        state.withLock { running in
            guard let current = running else { return }
            kill(current.process.processIdentifier, SIGKILL)
            current.process.waitUntilExit()
            current.directory.remove()
            running = nil
        }
    }

    private static func start() throws -> Running {
        let temp = try TemporaryDirectory()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("tls_server.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, temp.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        guard let port = readPort(output.fileHandleForReading) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            temp.remove()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw LoopbackTLSServer.StartFailure(description: "tls_server.py did not start: \(message)")
        }
        return Running(process: process, directory: temp,
                       server: LoopbackTLSServer(port: port, caBundle: temp.child("cert.pem"), caPath: temp.child("capath"),
                                                 unrelatedCA: temp.child("other-ca.pem")))
    }

    /// The port from the first line, `PORT <n>`; nil when the script ends first.
    private static func readPort(_ handle: FileHandle) -> Int? {
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT ") else { return nil }
        return Int(text.dropFirst(5))
    }
}

/// Gives a suite one `LoopbackTLSServer`, started lazily (so a filtered-out suite starts nothing)
/// and stopped when the suite ends.
struct LoopbackTLSServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let scope = LoopbackTLSServerScope()
        defer { scope.stop() }
        try await LoopbackTLSServerScope.$current.withValue(scope) { try await function() }
    }
}

extension Trait where Self == LoopbackTLSServerTrait {
    static var loopbackTLSServer: Self { Self() }
}
