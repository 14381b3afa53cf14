#if canImport(Glibc)
import Glibc
#endif

/// The process's own inputs and outputs, for `main.swift`: the environment read once, a bounded settings
/// file, standard input bounded by CONTENT_LENGTH, and whole writes to standard output and error.
public enum ProcessIO {
    /// The environment as a dictionary (first value wins for a repeated name).
    public static func environment() -> [String: String] {
        var count = 0
        while environ[count] != nil { count += 1 }
        var out: [String: String] = Dictionary(minimumCapacity: count)
        for index in 0..<count {
            // Split at the first "=" on the C string's bytes (no Character or String(cString:) detour).
            guard let entry = environ[index] else { continue }
            let length = strlen(entry)
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: length)
            guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<eq]), as: UTF8.self)
            if out[key] == nil {
                out[key] = String(decoding: UnsafeBufferPointer(rebasing: bytes[(eq + 1)...]), as: UTF8.self)
            }
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

    public static func writeStandardError(_ bytes: [UInt8]) { _ = FileIO.writeAll(2, bytes) }
}
