import CGI
#if canImport(Glibc)
import Glibc
#endif

/// The process's own inputs and outputs, for `main.swift`: the environment read once, a bounded settings
/// file, standard input bounded by CONTENT_LENGTH, and whole writes to standard output and error.
public enum ProcessIO {
    /// The environment, read once from `environ` as bytes (first value wins for a repeated name).
    public static func environment() -> Environment {
        var count = 0
        var bytes = 0
        while let entry = environ[count] {
            bytes += strlen(entry)
            count += 1
        }
        var out = Environment(reservingEntries: count, bytes: bytes)
        for index in 0..<count {
            guard let entry = environ[index] else { break }
            out.append(entry: entry, count: strlen(entry))
        }
        return out
    }

    /// The file's text, or nil when it cannot be opened, is larger than `maxBytes` or is not UTF-8.
    public static func readText(_ path: String, maxBytes: Int) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let bytes = FileIO.readUpTo(fd, limit: maxBytes + 1), bytes.count <= maxBytes else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Up to `count` bytes of standard input (fewer if it ends early).
    public static func readStandardInput(count: Int) -> [UInt8] {
        FileIO.readUpTo(0, limit: count) ?? []
    }

    public static func writeStandardOutput(_ bytes: [UInt8]) { _ = FileIO.writeAll(1, bytes) }

    /// Writes `response` to standard output: its head, then its body or stream unless `includeBody` is false (HEAD).
    /// A client that goes away mid-download makes the write fail (EPIPE) instead of killing the process.
    @discardableResult
    public static func writeResponse(_ response: Response, includeBody: Bool) -> Bool {
        signal(SIGPIPE, SIG_IGN)
        return write(response, includeBody: includeBody, to: 1)
    }

    /// The head in one write, then a body as is, or a stream: a protected file goes through `sendfile(2)`
    /// when the kernel can, else in 64 KiB chunks. False when the output or the source failed part-way.
    static func write(_ response: Response, includeBody: Bool, to output: Int32, allowSendfile: Bool = true) -> Bool {
        guard FileIO.writeAll(output, response.serialized(includeBody: includeBody)) else { return false }
        guard includeBody, let stream = response.stream else { return true }
        if allowSendfile, let slice = stream as? FileSlice, let file = slice.contents as? ProtectedFile,
           let sent = file.send(to: output, offset: slice.offset, count: slice.length) {
            return sent
        }
        return stream.write { FileIO.writeAll(output, $0) }
    }

    public static func writeStandardError(_ bytes: [UInt8]) { _ = FileIO.writeAll(2, bytes) }
}
