#if canImport(Glibc)
import Glibc
#endif

/// Finds and opens the settings file, refusing one that others could read or change (README "Settings").
///
/// Symbolic links are followed (a settings file kept elsewhere and linked into the home directory is
/// common); every check is made with fstat(2) on the descriptor that is then read, so it applies to the
/// file actually read and no rename between check and read can swap it.
public enum SettingsFile {
    public static let fileName = "signin.env"

    /// `signin.env` in the home directory that the password database gives the effective user
    /// (getpwuid_r(3); `$HOME` is the web server's, or unset, under CGI), or nil when there is none.
    public static func defaultPath() -> String? {
        guard let home = homeDirectory(of: geteuid()) else { return nil }
        return (home.hasSuffix("/") ? home : home + "/") + fileName
    }

    /// The file's bytes, or why it is refused.
    ///
    /// Typed throws, not a `Result`: under -Osize a `Result<_, SettingsFileProblem>` instantiates its metadata at run
    /// time, which checks `Failure: Error` by walking every conformance record of the static binary (bench/README.md).
    public static func read(path: String, maxBytes: Int) throws(SettingsFileProblem) -> [UInt8] {
        let runningAs = UInt32(geteuid())
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below anyway).
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw code == ENOENT ? .missing(path: path) : .unreadable(path: path, errno: code, uid: runningAs)
        }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, errno: errno, uid: runningAs) }
        if let problem = problem(path: path, mode: UInt32(info.st_mode), owner: UInt32(info.st_uid),
                                 size: Int64(info.st_size), runningAs: runningAs, maxBytes: maxBytes) {
            throw problem
        }
        guard let bytes = FileIO.readUpTo(fd, limit: maxBytes + 1) else {
            throw .unreadable(path: path, errno: errno, uid: runningAs)
        }
        // The file may have grown since fstat.
        guard bytes.count <= maxBytes else { throw .tooLarge(path: path, size: Int64(bytes.count), limit: maxBytes) }
        return bytes
    }

    /// The permission rule on a file's `st_mode`, `st_uid` and `st_size`, without touching the disk:
    /// a regular file, not writable by group or others, not readable by others, owned by the running
    /// user or root, at most `maxBytes` long.
    public static func problem(path: String, mode: UInt32, owner: UInt32, size: Int64, runningAs: UInt32,
                               maxBytes: Int) -> SettingsFileProblem? {
        guard mode & 0o170000 == 0o100000 else { return .notRegular(path: path, mode: mode) }
        if mode & 0o026 != 0 {
            // A root-owned file is read through its group when the program is not root; keep that.
            let suggested: UInt32 = owner == 0 && runningAs != 0 ? 0o640 : 0o600
            return .mode(path: path, mode: mode, suggested: suggested)
        }
        guard owner == runningAs || owner == 0 else { return .owner(path: path, owner: owner, runningAs: runningAs) }
        guard size <= Int64(maxBytes) else { return .tooLarge(path: path, size: size, limit: maxBytes) }
        return nil
    }

    /// `pw_dir` of `uid`'s password database entry, or nil when it has none or it is not absolute.
    static func homeDirectory(of uid: uid_t) -> String? {
        var size = max(Int(sysconf(Int32(_SC_GETPW_R_SIZE_MAX))), 1024)
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            // The entry's strings point into `buffer`, so they are copied out while it is pinned.
            let (status, home) = buffer.withUnsafeMutableBufferPointer { storage -> (Int32, String?) in
                guard let base = storage.baseAddress else { return (ERANGE, nil) }
                var entry = passwd()
                var found: UnsafeMutablePointer<passwd>?
                let status = getpwuid_r(uid, &entry, base, storage.count, &found)
                guard status == 0, found != nil, let dir = entry.pw_dir else { return (status, nil) }
                return (status, String(cString: dir))
            }
            if status == ERANGE {
                size *= 2
                continue
            }
            guard let home, home.hasPrefix("/") else { return nil }
            return home
        }
        return nil
    }
}
