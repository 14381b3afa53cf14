#if canImport(Glibc)
import Glibc
#endif

/// Read-only looks at the files `check-config` reports on (README "Settings": `CA_BUNDLE`, `CACHE_DIR`): nothing is
/// created or changed, so running the check as another user than the CGI's cannot leave a folder the CGI refuses.
public enum PathProbe {
    /// Why a path could not be used.
    public enum Failure: Error, Equatable, Sendable {
        case missing
        case notRegularFile
        /// open(2) or read(2) failed; the C library's sentence.
        case unreadable(String)
        case tooLarge(limit: Int)
    }

    /// The first `maxBytes` bytes of the regular file at `path` (symbolic links followed, as libcurl does).
    public static func readPrefix(_ path: String, maxBytes: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))) }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegularFile) }
        guard let bytes = FileIO.readUpTo(fd, limit: maxBytes) else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        return .success(bytes)
    }

    /// What the cache folder's checks (`CacheDirectory`) would say, without creating it.
    public enum CacheFolder: Equatable, Sendable {
        /// Exists and is private to this user.
        case usable
        /// Does not exist; `creatable` when its parent folder exists and this user may create entries in it.
        case absent(creatable: Bool)
        /// Exists but is refused: the reason as `FileCache` logs it (e.g. `is writable by group or others`), and the fix.
        case refused(reason: String, fix: String)
    }

    /// The cache folder in use: `CACHE_DIR`, else the per-user folder under `TMPDIR` or /tmp.
    public static func cacheFolderPath(configured: String?) -> String {
        CacheDirectory.path(configured: configured, environment: getenv("TMPDIR").map { String(cString: $0) })
    }

    public static func cacheFolder(_ path: String) -> CacheFolder {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else {
                return .refused(reason: CacheDirectory.Refusal.system("lstat", errno).description, fix: "make it reachable by uid \(geteuid())")
            }
            var parent = String(path.reversed().drop { $0 == "/" }.drop { $0 != "/" }.reversed())
            if parent.isEmpty { parent = path.hasPrefix("/") ? "/" : "." }
            return .absent(creatable: access(parent, W_OK | X_OK) == 0)
        }
        if let refusal = CacheDirectory.refusal(for: info) { return .refused(reason: refusal.description, fix: fix(refusal, path)) }
        return .usable
    }

    private static func fix(_ refusal: CacheDirectory.Refusal, _ path: String) -> String {
        switch refusal {
        case .symbolicLink: "set CACHE_DIR to the folder itself, not a link to it"
        case .notADirectory: "set CACHE_DIR to a folder (or remove what is at \(path))"
        case .foreignOwner: "chown \(geteuid()) \(path), or run check-config as the user signin.cgi runs as"
        case .writableByOthers: "chmod 700 \(path)"
        case .replaced, .system: "check \(path)"
        }
    }

    /// The effective user id, for messages.
    public static var effectiveUser: UInt32 { UInt32(geteuid()) }
}
