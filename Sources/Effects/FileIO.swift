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
    /// Reads in chunks that grow as the data does, so a small file never costs a `limit`-sized buffer; each chunk is
    /// left uninitialized for read(2) to fill, so only the pages the data lands on are touched.
    static func readUpTo(_ fd: Int32, limit: Int) -> [UInt8]? {
        var result: [UInt8] = []
        var chunkSize = min(limit, 16384)
        while result.count < limit {
            let want = min(chunkSize, limit - result.count)
            var failed = false
            let chunk = [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
                initialized = 0
                guard let base = buffer.baseAddress else { return }
                while true {
                    let n = read(fd, base, want)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failed = true } else { initialized = n }
                    return
                }
            }
            if failed { return nil }
            if chunk.isEmpty { break }   // end of file
            if result.isEmpty { result = chunk } else { result += chunk }
            // Grow only after a full chunk: a reader that trickles (a slow request body) keeps getting small buffers.
            if chunk.count == want { chunkSize = min(chunkSize * 2, 1 << 20) }
        }
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
