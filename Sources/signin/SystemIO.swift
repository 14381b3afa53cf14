import Glibc

/// The process environment, read once.
enum ProcessEnvironment {
    static func read() -> [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let pair = String(cString: entry)
            if let eq = pair.firstIndex(of: "=") {
                let key = String(pair[..<eq])
                if out[key] == nil { out[key] = String(pair[pair.index(after: eq)...]) }
            }
            p += 1
        }
        return out
    }
}

/// Whole-file and standard-stream I/O with sizes bounded by the caller.
enum SystemFile {
    /// The file's text, or nil when it cannot be opened, is larger than `maxBytes` or is not UTF-8.
    static func readText(_ path: String, maxBytes: Int) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let bytes = readAll(fd: fd, limit: maxBytes + 1)
        guard bytes.count <= maxBytes else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Exactly `count` bytes of standard input, or fewer if it ends early.
    static func readStandardInput(count: Int) -> [UInt8] {
        readAll(fd: 0, limit: count)
    }

    static func readAll(fd: Int32, limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while out.count < limit {
            let want = min(buffer.count, limit - out.count)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    static func writeStandardOutput(_ bytes: [UInt8]) { write(fd: 1, bytes) }

    /// Writes all of `bytes` in as few write(2) calls as the kernel allows.
    static func write(fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
