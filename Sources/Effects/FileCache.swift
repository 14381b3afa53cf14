#if canImport(Glibc)
import Glibc
#endif

/// The provider metadata and key cache on disk (README "Settings": CACHE_DIR).
///
/// The directory must be private to the effective user (see `CacheDirectory`); otherwise the
/// cache is refused once, with one log line, and behaves as empty: every read is nil and writes
/// do nothing, so the program still works by fetching as needed. Files are checked again on
/// every read, and written atomically (temp file + rename) so concurrent requests never see a
/// partial entry.
public final class FileCache: Cache {
    /// The directory in use (or refused).
    public let directory: String
    private let directoryFD: Int32?
    private let log: any Logger

    /// `directory` is `CACHE_DIR` (nil or empty: `<temporaryDirectory or /tmp>/signin-cgi-<euid>`);
    /// `temporaryDirectory` is `TMPDIR` from the environment the program was started with.
    public init(directory: String?, temporaryDirectory: String? = nil, log: any Logger) {
        self.directory = CacheDirectory.path(configured: directory, environment: temporaryDirectory)
        self.log = log
        switch CacheDirectory.open(self.directory) {
        case .opened(let fd):
            directoryFD = fd
        case .refused(let reason):
            directoryFD = nil
            log.log("cache disabled reason=cache_dir_refused dir=\(self.directory) (\(reason))")
        }
    }

    deinit {
        if let directoryFD { _ = close(directoryFD) }
    }

    /// Whether the directory passed the checks and is in use.
    public var isUsable: Bool { directoryFD != nil }

    /// The entry for `key`, or nil when absent, unreadable, not a regular file of ours,
    /// writable by group or others, larger than the cap, or malformed.
    public func read(_ key: String) -> CacheEntry? {
        guard let directoryFD else { return nil }
        let name = CacheFileFormat.fileName(forKey: key)
        let fd = openat(directoryFD, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0,
              info.st_mode & S_IFMT == S_IFREG,
              info.st_uid == geteuid(),
              info.st_mode & 0o022 == 0,
              info.st_size <= CacheFileFormat.maxFileBytes,
              let file = FileIO.readUpTo(fd, limit: CacheFileFormat.maxFileBytes + 1),
              file.count <= CacheFileFormat.maxFileBytes else { return nil }
        return CacheFileFormat.decode(file)
    }

    /// Runs `body` holding `key`'s lock file (`FillLock`); without it after `wait` seconds, or at once when the
    /// lock file is not a private regular file of ours or the directory is refused.
    public func withFillLock<T, E: Error>(_ key: String, wait: Double, _ body: () throws(E) -> T) throws(E) -> T {
        guard let directoryFD else { return try body() }
        switch FillLock.acquire(in: directoryFD, name: FillLock.fileName(forKey: key), wait: wait) {
        case .success(let fd):
            defer { _ = close(fd) }  // closing the descriptor releases the flock(2) lock
            return try body()
        case .failure(let failure):
            log.log("cache lock not taken: \(failure)")
            return try body()
        }
    }

    /// Stores `bytes` under `key`, replacing any earlier entry atomically; payloads over
    /// the cap are not stored.
    public func write(_ key: String, _ bytes: [UInt8], now: Int64) {
        guard let directoryFD, bytes.count <= CacheFileFormat.maxPayloadBytes else { return }
        let name = CacheFileFormat.fileName(forKey: key)
        let temp = ".tmp-" + CacheFileFormat.hex(SystemRandom().bytes(12))
        let fd = openat(directoryFD, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            log.log("cache write failed: open: \(String(cString: strerror(errno)))")
            return
        }
        let written = FileIO.writeAll(fd, CacheFileFormat.encode(bytes, storedAt: now))
        let closed = close(fd) == 0
        guard written, closed, renameat(directoryFD, temp, directoryFD, name) == 0 else {
            log.log("cache write failed: \(String(cString: strerror(errno)))")
            _ = unlinkat(directoryFD, temp, 0)
            return
        }
    }
}
