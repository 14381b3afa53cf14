#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock(2)` lock beside a cache entry, so that of many processes missing the same entry one
/// fetches it and the others wait, then read what it wrote.
///
/// The wait is bounded: the lock is polled with `LOCK_NB` and short pauses until `wait` seconds have passed.
/// A lock file that is not a regular file of ours, private to us, is never waited for; a holder that hangs
/// costs a waiter at most `wait`. Either way the caller goes on without the lock (and fetches itself).
/// `flock` locks belong to the open file description and end when it is closed or its process dies, so a
/// lock file left behind by a crashed process holds nothing.
enum FillLock {
    /// The lock file's name for `key`: the entry's name with another prefix (no `.`, like the entries).
    static func fileName(forKey key: String) -> String {
        "l" + CacheFileFormat.fileName(forKey: key).dropFirst()
    }

    /// Why the lock was not taken.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// The lock file could not be opened or created (`errno`).
        case open(Int32)
        /// The lock file is not a regular file owned by us and writable only by us.
        case notOurs
        /// Another process held it for the whole wait.
        case timedOut
        /// `flock` failed other than for contention (`errno`).
        case flock(Int32)

        var description: String {
            switch self {
            case .open(let code): "open failed: \(String(cString: strerror(code)))"
            case .notOurs: "the lock file is not a private regular file of ours"
            case .timedOut: "another request held it for the whole wait"
            case .flock(let code): "flock failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// A descriptor holding the exclusive lock for `name` in `directoryFD` (close it to release), or why not.
    static func acquire(in directoryFD: Int32, name: String, wait seconds: Double) -> Result<Int32, Failure> {
        let fd = openat(directoryFD, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .failure(.open(errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
              info.st_mode & 0o022 == 0 else {
            _ = close(fd)
            return .failure(.notOurs)
        }
        let deadline = monotonicSeconds() + max(0, seconds)
        var pause = 0.002
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .success(fd) }
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                _ = close(fd)
                return .failure(.flock(code))
            }
            let left = deadline - monotonicSeconds()
            guard left > 0 else {
                _ = close(fd)
                return .failure(.timedOut)
            }
            sleep(seconds: min(pause, left))
            pause = min(pause * 2, 0.05)
        }
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        _ = clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func sleep(seconds: Double) {
        var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rest = timespec()
        while nanosleep(&pause, &rest) != 0 && errno == EINTR { pause = rest }
    }
}
