import CGI
#if canImport(Glibc)
import Glibc
#endif

/// An open regular file under the protected folder: owns its descriptor (closed in `deinit`) and copies any
/// part of itself with `pread(2)` through one 64 KiB buffer, or `sendfile(2)` straight to an output descriptor,
/// so a file of any size is served in constant memory.
public final class ProtectedFile: FileContents, @unchecked Sendable {
    /// The size of each read.
    public static let chunkBytes = 64 * 1024

    let fd: Int32
    public let attributes: FileAttributes

    init(_ fd: Int32, _ info: stat) {
        self.fd = fd
        attributes = FileAttributes(size: Int64(info.st_size), modifiedSeconds: Int64(info.st_mtim.tv_sec),
                                    modifiedNanoseconds: Int64(info.st_mtim.tv_nsec), inode: UInt64(info.st_ino),
                                    device: UInt64(info.st_dev))
    }

    deinit { close(fd) }

    public func copy(offset: Int64, count: Int64, to sink: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkBytes, alignment: 16)
        defer { buffer.deallocate() }
        var position = offset
        let end = offset + count
        while position < end {
            let n = pread(fd, buffer.baseAddress, min(buffer.count, Int(end - position)), off_t(position))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }   // an error, or the file shrank under us
            guard sink(UnsafeRawBufferPointer(rebasing: buffer[..<n])) else { return false }
            position += Int64(n)
        }
        return true
    }

    /// Copies `count` bytes from `offset` to `output` in the kernel. Returns nil, having written nothing, when
    /// `sendfile(2)` cannot serve this pair of descriptors (the caller then uses `copy`); false on a later failure.
    func send(to output: Int32, offset: Int64, count: Int64) -> Bool? {
        var position = off_t(offset)
        let end = off_t(offset + count)
        while position < end {
            let n = sendfile(output, fd, &position, min(Int(end - position), 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                if position == off_t(offset) && (errno == EINVAL || errno == ENOSYS) { return nil }
                return false
            }
            if n == 0 { return false }   // the file shrank under us
        }
        return true
    }
}
