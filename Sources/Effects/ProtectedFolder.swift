import CGI
#if canImport(Glibc)
import Glibc
#endif

/// The folder `/files/` serves from (`PROTECTED_DIR`), walked one name at a time with `openat(2)`.
///
/// The folder is opened once (a link naming the folder itself is the operator's choice and is followed);
/// inside it no symbolic link is ever followed (`O_NOFOLLOW`, and `fstatat` with `AT_SYMLINK_NOFOLLOW` before
/// each open), so nothing outside can be reached by any name. Only regular files are opened for reading:
/// a device, FIFO or socket is refused from its `fstatat` without being opened, and `O_NONBLOCK` keeps a FIFO
/// swapped in between from blocking; the opened descriptor's `fstat` must be the same file that was checked.
public struct ProtectedFolder: Sendable {
    /// The page a folder is served by.
    public static let indexName = "index.html"

    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The answer to a `/files/` request that is already signed in and allowed: the one call a route makes.
    public func respond(pathInfoRest: String, request: Request, now: Int64) -> FileAnswer {
        FileResponder.respond(pathInfoRest: pathInfoRest, request: request, now: now) { (checked) throws(FileRefusal) in
            try open(checked)
        }
    }

    /// Opens the regular file `checked` names, or its folder's `index.html`.
    public func open(_ checked: ProtectedPath) throws(FileRefusal) -> OpenedFile {
        let root = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw .folderUnavailable }
        var folder = Descriptor(root)
        var names = checked.segments[...]
        let last = checked.isFolder ? nil : names.popLast()
        for name in names {
            folder = try Self.openChild(of: folder.fd, named: name, folder: true).0
        }
        guard let last else {
            return OpenedFile(contents: try Self.index(in: folder.fd), name: Self.indexName, needsTrailingSlash: false)
        }
        let (child, info) = try Self.openChild(of: folder.fd, named: last, folder: false)
        if Self.isFolder(info) {
            return OpenedFile(contents: try Self.index(in: child.fd), name: Self.indexName, needsTrailingSlash: true)
        }
        return OpenedFile(contents: ProtectedFile(child.take(), info), name: last, needsTrailingSlash: false)
    }

    /// A folder's `index.html`, which must itself be a regular file.
    static func index(in folder: Int32) throws(FileRefusal) -> ProtectedFile {
        let (file, info) = try openChild(of: folder, named: indexName, folder: false)
        guard !isFolder(info) else { throw .notRegularFile }
        return ProtectedFile(file.take(), info)
    }

    /// One name in one folder: a regular file or a folder, never a link, opened without following anything.
    static func openChild(of folder: Int32, named name: String, folder wantsFolder: Bool) throws(FileRefusal) -> (Descriptor, stat) {
        var before = stat()
        guard fstatat(folder, name, &before, AT_SYMLINK_NOFOLLOW) == 0 else { throw refusal(errno) }
        switch before.st_mode & S_IFMT {
        case S_IFLNK: throw .symlink
        case S_IFDIR: break
        case S_IFREG: if wantsFolder { throw .notFound }
        default: throw .notRegularFile
        }
        let flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | (wantsFolder ? O_DIRECTORY : 0)
        let fd = openat(folder, name, flags)
        guard fd >= 0 else { throw refusal(errno) }
        let opened = Descriptor(fd)
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable }
        guard info.st_dev == before.st_dev, info.st_ino == before.st_ino,
              info.st_mode & S_IFMT == S_IFREG || isFolder(info) else { throw .notFound }   // replaced since the check
        return (opened, info)
    }

    static func isFolder(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }

    /// The reason for a failed `fstatat`/`openat`.
    static func refusal(_ code: Int32) -> FileRefusal {
        switch code {
        case ENOENT, ENOTDIR, ENAMETOOLONG: .notFound
        case ELOOP: .symlink
        case ENXIO, ENODEV: .notRegularFile
        default: .unreadable
        }
    }
}

/// A file descriptor closed when its owner goes away, unless `take()` hands it on.
final class Descriptor {
    private(set) var fd: Int32

    init(_ fd: Int32) { self.fd = fd }

    /// The descriptor, now owned by the caller.
    func take() -> Int32 {
        defer { fd = -1 }
        return fd
    }

    deinit { if fd >= 0 { close(fd) } }
}
