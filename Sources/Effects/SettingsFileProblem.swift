#if canImport(Glibc)
import Glibc
#endif

/// Why a settings file was refused: a sentence naming the path and the fix, and a stable code for logs.
public enum SettingsFileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing at the path (for the default path this just means there is no file).
    case missing(path: String)
    /// open(2) or read(2) failed with `errno` while running as `uid`.
    case unreadable(path: String, errno: Int32, uid: UInt32)
    /// A directory, FIFO, socket or device; `mode` is the whole `st_mode`.
    case notRegular(path: String, mode: UInt32)
    /// Writable by group or others, or readable by others; `suggested` is the mode the fix sets.
    case mode(path: String, mode: UInt32, suggested: UInt32)
    /// Owned by `owner`, which is neither `runningAs` nor root.
    case owner(path: String, owner: UInt32, runningAs: UInt32)
    /// Larger than `limit` bytes.
    case tooLarge(path: String, size: Int64, limit: Int)

    /// A short code that does not change between releases, for log lines and scripts.
    public var reason: String {
        switch self {
        case .missing: "settings_file_missing"
        case .unreadable: "settings_file_unreadable"
        case .notRegular: "settings_file_not_regular"
        case .mode: "settings_file_mode"
        case .owner: "settings_file_owner"
        case .tooLarge: "settings_file_too_large"
        }
    }

    public var path: String {
        switch self {
        case .missing(let path), .unreadable(let path, _, _), .notRegular(let path, _), .mode(let path, _, _),
             .owner(let path, _, _), .tooLarge(let path, _, _):
            path
        }
    }

    /// e.g. `/home/u/signin.env: mode 0644: readable by others; chmod 600 /home/u/signin.env`.
    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path): no such file; create it, or set SIGNIN_CONFIG to the settings file"
        case .unreadable(let path, let code, let uid):
            return "\(path): cannot be read as uid \(uid): \(String(cString: strerror(code))); "
                + "make it readable by uid \(uid) (e.g. chown \(uid) \(path); chmod 600 \(path))"
        case .notRegular(let path, let mode):
            return "\(path): is \(Self.kind(mode)), not a regular file; name the settings file itself"
        case .mode(let path, let mode, let suggested):
            return "\(path): mode \(Self.octal(mode)): \(Self.faults(mode)); chmod \(String(suggested, radix: 8)) \(path)"
        case .owner(let path, let owner, let runningAs):
            return "\(path): owned by uid \(owner), not by uid \(runningAs) (the user signin.cgi runs as) or root; "
                + "chown \(runningAs) \(path)"
        case .tooLarge(let path, let size, let limit):
            return "\(path): \(size) bytes, more than the \(limit) a settings file may have; keep only the settings in it"
        }
    }

    /// The permission bits as four octal digits, e.g. `0644`.
    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// What is wrong with `mode`, e.g. `writable by group and others, readable by others`.
    static func faults(_ mode: UInt32) -> String {
        let writers = [(0o020, "group"), (0o002, "others")].filter { mode & UInt32($0.0) != 0 }.map(\.1)
        var parts: [String] = []
        if !writers.isEmpty { parts.append("writable by " + writers.joined(separator: " and ")) }
        if mode & 0o004 != 0 { parts.append("readable by others") }
        return parts.joined(separator: ", ")
    }

    static func kind(_ mode: UInt32) -> String {
        switch mode & 0o170000 {
        case 0o040000: "a directory"
        case 0o010000: "a FIFO"
        case 0o140000: "a socket"
        case 0o020000: "a character device"
        case 0o060000: "a block device"
        case 0o120000: "a symbolic link"
        default: "of an unknown type"
        }
    }
}
