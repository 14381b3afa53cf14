import Foundation
import Synchronization
@testable import Effects

/// A logger that keeps its lines for assertions.
final class RecordingLogger: Logger {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func log(_ line: String) { storage.withLock { $0.append(line) } }
}

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("effects-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func child(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The uid and gid of `nobody`, a user other than the one running the tests.
let nobody: uid_t = 65534

/// lstat of `path`, or nil.
func fileStatus(_ path: String) -> stat? {
    var info = stat()
    return lstat(path, &info) == 0 ? info : nil
}
