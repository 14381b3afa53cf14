import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Loops around read(2)/write(2) that retry on EINTR and short transfers.
enum FileIO {
    /// Exactly `count` bytes from `fd`, or nil on error or early end of file.
    static func readExactly(_ fd: Int32, count: Int) -> [UInt8]? {
        guard let bytes = readUpTo(fd, limit: count), bytes.count == count else { return nil }
        return bytes
    }

    /// Everything up to end of file or `limit` bytes, whichever comes first; nil on error.
    /// Reads in chunks that grow as the data does, so a small file never costs a `limit`-sized buffer.
    static func readUpTo(_ fd: Int32, limit: Int) -> [UInt8]? {
        var result = [UInt8](repeating: 0, count: min(limit, 16384))
        var filled = 0
        while filled < limit {
            if filled == result.count { result += [UInt8](repeating: 0, count: min(limit - filled, result.count)) }
            let n = result.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(fd, base + filled, buffer.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            filled += n
        }
        result.removeSubrange(filled...)
        return result
    }

    /// Writes all of `bytes` to `fd`; false on error.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    /// Writes all of `buffer` to `fd`; false on error.
    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var written = 0
        while written < buffer.count {
            let n = write(fd, base + written, buffer.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += n
        }
        return true
    }
}
