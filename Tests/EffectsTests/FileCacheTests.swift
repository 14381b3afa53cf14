import Foundation
import Testing
@testable import Effects

@Suite("FileCache")
struct FileCacheTests {
    @Test("reads back what was written, with its stored-at time")
    func roundTrip() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let cache = FileCache(directory: temp.child("cache"), log: RecordingLogger())
        cache.write("metadata https://login.example/v2.0", Array("{\"issuer\":1}".utf8), now: 1_700_000_000)
        let entry = try #require(cache.read("metadata https://login.example/v2.0"))
        #expect(entry.bytes == Array("{\"issuer\":1}".utf8))
        #expect(entry.storedAt == 1_700_000_000)
        #expect(cache.read("another key") == nil)
    }

    @Test("a second write replaces the first")
    func overwrite() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let cache = FileCache(directory: temp.path, log: RecordingLogger())
        cache.write("k", [1, 2, 3], now: 10)
        cache.write("k", [4], now: 20)
        let entry = try #require(cache.read("k"))
        #expect(entry.bytes == [4])
        #expect(entry.storedAt == 20)
    }

    @Test("creates a missing directory with mode 0700")
    func createsPrivateDirectory() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let logger = RecordingLogger()
        let cache = FileCache(directory: temp.child("new"), log: logger)
        let info = try #require(fileStatus(temp.child("new")))
        #expect(info.st_mode & 0o7777 == 0o700)
        #expect(cache.isUsable)
        #expect(logger.lines.isEmpty)
    }

    @Test("defaults to signin-cgi-<euid> under TMPDIR, or /tmp when TMPDIR is unset or relative")
    func defaultPath() {
        #expect(CacheDirectory.path(configured: nil, environment: "/var/tmp/") == "/var/tmp/signin-cgi-\(geteuid())")
        #expect(CacheDirectory.path(configured: "", environment: nil) == "/tmp/signin-cgi-\(geteuid())")
        #expect(CacheDirectory.path(configured: nil, environment: "relative") == "/tmp/signin-cgi-\(geteuid())")
        #expect(CacheDirectory.path(configured: "/srv/cache", environment: "/var/tmp") == "/srv/cache")
    }

    enum UnsafeDirectory: String, CaseIterable {
        case worldWritable, groupWritable, ownedByNobody, symbolicLink, regularFile
    }

    @Test("refuses a directory that is not private to this user: reads nil, writes nothing, one log line",
          arguments: UnsafeDirectory.allCases)
    func refusesUnsafeDirectory(_ kind: UnsafeDirectory) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.child("cache")
        switch kind {
        case .worldWritable, .groupWritable, .ownedByNobody:
            #expect(mkdir(path, 0o700) == 0)
            if kind == .worldWritable { #expect(chmod(path, 0o777) == 0) }
            if kind == .groupWritable { #expect(chmod(path, 0o770) == 0) }
            if kind == .ownedByNobody { #expect(chown(path, nobody, nobody) == 0) }
        case .symbolicLink:
            #expect(mkdir(temp.child("real"), 0o700) == 0)
            #expect(symlink(temp.child("real"), path) == 0)
        case .regularFile:
            #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        }
        let logger = RecordingLogger()
        let cache = FileCache(directory: path, log: logger)
        cache.write("k", [1, 2, 3], now: 1)
        #expect(!cache.isUsable)
        #expect(cache.read("k") == nil)
        #expect(logger.lines.count == 1)
        #expect(logger.lines.first?.hasPrefix("cache disabled reason=cache_dir_refused dir=\(path) ") == true)
        let written = (try? FileManager.default.contentsOfDirectory(atPath: kind == .symbolicLink ? temp.child("real") : path)) ?? []
        #expect(written.isEmpty)
    }

    @Test("ignores a corrupt file, and the next write replaces it")
    func corruptFileReplaced() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let cache = FileCache(directory: temp.path, log: RecordingLogger())
        let file = temp.child(CacheFileFormat.fileName(forKey: "keys"))
        #expect(FileManager.default.createFile(atPath: file, contents: Data("garbage without a header".utf8),
                                               attributes: [.posixPermissions: 0o600]))
        #expect(cache.read("keys") == nil)
        cache.write("keys", [7, 8], now: 99)
        #expect(cache.read("keys")?.bytes == [7, 8])
    }

    enum TamperedFile: String, CaseIterable {
        case groupWritable, ownedByNobody, symbolicLink, oversize, badTimestamp, noNewline
    }

    @Test("rejects a cache file that is not ours, writable by others, a symlink, oversize or malformed",
          arguments: TamperedFile.allCases)
    func rejectsTamperedFile(_ kind: TamperedFile) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let cache = FileCache(directory: temp.path, log: RecordingLogger())
        cache.write("keys", [1], now: 5)
        #expect(cache.read("keys") != nil)
        let file = temp.child(CacheFileFormat.fileName(forKey: "keys"))
        switch kind {
        case .groupWritable: #expect(chmod(file, 0o620) == 0)
        case .ownedByNobody: #expect(chown(file, nobody, nobody) == 0)
        case .symbolicLink:
            cache.write("other", [2], now: 6)
            #expect(unlink(file) == 0)
            #expect(symlink(temp.child(CacheFileFormat.fileName(forKey: "other")), file) == 0)
        case .oversize:
            let bytes = Array("signin-cache-v1 5\n".utf8) + [UInt8](repeating: 0x41, count: (1 << 20) + 64)
            #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes), attributes: [.posixPermissions: 0o600]))
        case .badTimestamp:
            #expect(FileManager.default.createFile(atPath: file, contents: Data("signin-cache-v1 12a\n{}".utf8),
                                                   attributes: [.posixPermissions: 0o600]))
        case .noNewline:
            #expect(FileManager.default.createFile(atPath: file, contents: Data("signin-cache-v1 12".utf8),
                                                   attributes: [.posixPermissions: 0o600]))
        }
        #expect(cache.read("keys") == nil)
    }

    @Test("does not store a payload over 1 MiB")
    func oversizeWriteSkipped() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let cache = FileCache(directory: temp.path, log: RecordingLogger())
        cache.write("big", [UInt8](repeating: 1, count: (1 << 20) + 1), now: 1)
        #expect(cache.read("big") == nil)
        cache.write("max", [UInt8](repeating: 1, count: 1 << 20), now: 1)
        #expect(cache.read("max")?.bytes.count == 1 << 20)
    }

    @Test("writes leave only the entries, no temp files, each 0600")
    func noTempFilesLeft() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let cache = FileCache(directory: temp.path, log: RecordingLogger())
        for round in 0..<3 {
            for key in ["a", "b", "c"] { cache.write(key, Array(key.utf8), now: Int64(round)) }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: temp.path).sorted()
        #expect(names == ["a", "b", "c"].map { CacheFileFormat.fileName(forKey: $0) }.sorted())
        for name in names {
            #expect(fileStatus(temp.child(name)).map { $0.st_mode & 0o777 } == 0o600)
        }
    }

    @Test("keys with slashes and dots stay inside the directory")
    func keysCannotEscape() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let directory = temp.child("cache")
        let cache = FileCache(directory: directory, log: RecordingLogger())
        let keys = ["../escaped", "../../etc/passwd", "/absolute/path", ".", "..", "a/b/../c", "", "..\u{0}x"]
        for (index, key) in keys.enumerated() { cache.write(key, [UInt8(index)], now: 1) }
        for (index, key) in keys.enumerated() { #expect(cache.read(key)?.bytes == [UInt8(index)]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path) == ["cache"])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names.count == keys.count)
        #expect(names.allSatisfy { $0.hasPrefix("k-") && !$0.contains(".") })
    }
}
