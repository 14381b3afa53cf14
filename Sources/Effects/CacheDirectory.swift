#if canImport(Glibc)
import Glibc
#endif

/// Opens the cache directory only when it is private to this user ("directory created
/// 0700 and refused if another user owns it or group/others can write it"): on shared hosting a
/// key set planted there would be a full bypass of the ID token signature check.
enum CacheDirectory {
    /// `CACHE_DIR` when set, else `<TMPDIR or /tmp>/signin-cgi-<euid>` (docs/contract.md "Settings").
    static func path(configured: String?, environment tmpdir: String?) -> String {
        if let configured, !configured.isEmpty { return configured }
        var base = "/tmp"
        if let tmpdir, tmpdir.hasPrefix("/") { base = tmpdir }
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        return (base == "/" ? "" : base) + "/signin-cgi-\(geteuid())"
    }

    /// A descriptor for the private directory at `path` (created 0700 when missing), or the reason it is refused.
    static func open(_ path: String) -> Outcome {
        if mkdir(path, 0o700) == 0 {
            guard chmod(path, 0o700) == 0 else { return .refused(.system("chmod", errno)) }
        } else if errno != EEXIST {
            return .refused(.system("mkdir", errno))
        }
        var seen = stat()
        guard lstat(path, &seen) == 0 else { return .refused(.system("lstat", errno)) }
        if let refusal = refusal(for: seen) { return .refused(refusal) }
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .refused(.system("open", errno)) }
        var opened = stat()
        guard fstat(fd, &opened) == 0, opened.st_dev == seen.st_dev, opened.st_ino == seen.st_ino,
              refusal(for: opened) == nil else {
            _ = close(fd)
            return .refused(.replaced)
        }
        return .opened(fd)
    }

    /// Why `info` does not describe a private directory of the effective user, or nil when it does.
    static func refusal(for info: stat) -> Refusal? {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK { return .symbolicLink }
        if type != S_IFDIR { return .notADirectory }
        if info.st_uid != geteuid() { return .foreignOwner(info.st_uid) }
        if info.st_mode & 0o022 != 0 { return .writableByOthers }
        return nil
    }

    enum Outcome: Equatable {
        case opened(Int32)
        case refused(Refusal)
    }

    /// Why a cache directory was refused; `description` is the log line's reason.
    enum Refusal: Equatable, CustomStringConvertible {
        case symbolicLink, notADirectory, foreignOwner(uid_t), writableByOthers, replaced
        case system(String, Int32)

        var description: String {
            switch self {
            case .symbolicLink: "is a symbolic link"
            case .notADirectory: "is not a directory"
            case .foreignOwner(let uid): "is owned by uid \(uid), not \(geteuid())"
            case .writableByOthers: "is writable by group or others"
            case .replaced: "changed while being opened"
            case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
            }
        }
    }
}
