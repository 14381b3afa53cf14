import Foundation
import Testing
@testable import Effects

@Suite("SettingsFile")
struct SettingsFileTests {
    static let regular: UInt32 = 0o100000
    static let limit = 65536

    struct Row: Sendable, CustomTestStringConvertible {
        let mode: UInt32, owner: UInt32, runningAs: UInt32, size: Int64, reason: String?
        var testDescription: String { "mode \(String(mode, radix: 8)) owner \(owner) as \(runningAs) size \(size)" }
    }

    @Test("the permission rule, as a table", arguments: [
        Row(mode: regular | 0o600, owner: 1000, runningAs: 1000, size: 10, reason: nil),
        Row(mode: regular | 0o400, owner: 1000, runningAs: 1000, size: 10, reason: nil),
        Row(mode: regular | 0o640, owner: 1000, runningAs: 1000, size: 10, reason: nil),
        Row(mode: regular | 0o640, owner: 0, runningAs: 1000, size: 10, reason: nil),
        Row(mode: regular | 0o600, owner: 0, runningAs: 0, size: 10, reason: nil),
        Row(mode: regular | 0o700, owner: 1000, runningAs: 1000, size: Int64(limit), reason: nil),
        Row(mode: regular | 0o644, owner: 1000, runningAs: 1000, size: 10, reason: "settings_file_mode"),
        Row(mode: regular | 0o604, owner: 1000, runningAs: 1000, size: 10, reason: "settings_file_mode"),
        Row(mode: regular | 0o620, owner: 1000, runningAs: 1000, size: 10, reason: "settings_file_mode"),
        Row(mode: regular | 0o602, owner: 1000, runningAs: 1000, size: 10, reason: "settings_file_mode"),
        Row(mode: regular | 0o666, owner: 1000, runningAs: 1000, size: 10, reason: "settings_file_mode"),
        Row(mode: regular | 0o600, owner: 1001, runningAs: 1000, size: 10, reason: "settings_file_owner"),
        Row(mode: regular | 0o600, owner: 1000, runningAs: 0, size: 10, reason: "settings_file_owner"),
        Row(mode: regular | 0o600, owner: 1000, runningAs: 1000, size: Int64(limit) + 1, reason: "settings_file_too_large"),
        Row(mode: 0o040700, owner: 1000, runningAs: 1000, size: 10, reason: "settings_file_not_regular"),
        Row(mode: 0o010600, owner: 1000, runningAs: 1000, size: 0, reason: "settings_file_not_regular"),
        Row(mode: 0o020600, owner: 0, runningAs: 1000, size: 0, reason: "settings_file_not_regular"),
        Row(mode: 0o140600, owner: 1000, runningAs: 1000, size: 0, reason: "settings_file_not_regular"),
    ])
    func rule(_ row: Row) {
        let problem = SettingsFile.problem(path: "/home/u/signin.env", mode: row.mode, owner: row.owner, size: row.size,
                                           runningAs: row.runningAs, maxBytes: Self.limit)
        #expect(problem?.reason == row.reason)
    }

    @Test("each refusal is a sentence with the path, what is wrong and the fix")
    func sentences() {
        let path = "/home/u/signin.env"
        func text(_ mode: UInt32, owner: UInt32 = 1000, runningAs: UInt32 = 1000, size: Int64 = 1) -> String? {
            SettingsFile.problem(path: path, mode: mode, owner: owner, size: size, runningAs: runningAs, maxBytes: 100)?.description
        }
        #expect(text(Self.regular | 0o644) == "/home/u/signin.env: mode 0644: readable by others; chmod 600 /home/u/signin.env")
        #expect(text(Self.regular | 0o666)
            == "/home/u/signin.env: mode 0666: writable by group and others, readable by others; chmod 600 /home/u/signin.env")
        #expect(text(Self.regular | 0o664, owner: 0)
            == "/home/u/signin.env: mode 0664: writable by group, readable by others; chmod 640 /home/u/signin.env")
        #expect(text(Self.regular | 0o600, owner: 33)
            == "/home/u/signin.env: owned by uid 33, not by uid 1000 (the user signin.cgi runs as) or root; chown 1000 /home/u/signin.env")
        #expect(text(Self.regular | 0o600, size: 101)
            == "/home/u/signin.env: 101 bytes, more than the 100 a settings file may have; keep only the settings in it")
        #expect(text(0o040700) == "/home/u/signin.env: is a directory, not a regular file; name the settings file itself")
        #expect(SettingsFileProblem.unreadable(path: path, errno: EACCES, uid: 1000).description
            == "/home/u/signin.env: cannot be read as uid 1000: Permission denied; make it readable by uid 1000 (e.g. chown 1000 /home/u/signin.env; chmod 600 /home/u/signin.env)")
        #expect(SettingsFileProblem.missing(path: path).reason == "settings_file_missing")
    }

    static func write(_ path: String, mode: mode_t, bytes: [UInt8] = Array("A=1\n".utf8)) throws {
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(chmod(path, mode) == 0)
    }

    @Test("real files: 0600 and 0640 are read; 0644, 0666 and 0620 are refused for their mode",
          arguments: [(0o600, nil), (0o640, nil), (0o644, "readable by others"),
                      (0o666, "writable by group and others, readable by others"), (0o620, "writable by group")] as [(mode_t, String?)])
    func realModes(_ mode: mode_t, _ fault: String?) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.child("signin.env")
        try Self.write(path, mode: mode)
        do {
            let bytes = try SettingsFile.read(path: path, maxBytes: Self.limit)
            #expect(fault == nil)
            #expect(bytes == Array("A=1\n".utf8))
        } catch let problem {
            #expect(problem.reason == "settings_file_mode")
            #expect(problem.description == "\(path): mode 0\(String(mode, radix: 8)): \(fault ?? "-"); chmod 600 \(path)")
        }
    }

    @Test("real files: another user's file, a directory, a FIFO, a missing file and a too large file are refused")
    func realRefusals() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        func reason(_ path: String, maxBytes: Int = Self.limit) -> String? {
            do {
                _ = try SettingsFile.read(path: path, maxBytes: maxBytes)
                return nil
            } catch {
                return error.reason
            }
        }
        let foreign = temp.child("foreign.env")
        try Self.write(foreign, mode: 0o600)
        #expect(chown(foreign, nobody, nobody) == 0)
        #expect(reason(foreign) == "settings_file_owner")

        #expect(reason(temp.path) == "settings_file_not_regular")
        let fifo = temp.child("fifo.env")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(reason(fifo) == "settings_file_not_regular")  // and open(2) did not wait for a writer
        #expect(reason(temp.child("absent.env")) == "settings_file_missing")
        #expect(reason(foreign + "/below") == "settings_file_unreadable")  // ENOTDIR

        let big = temp.child("big.env")
        try Self.write(big, mode: 0o600, bytes: [UInt8](repeating: 0x41, count: 101))
        #expect(reason(big, maxBytes: 100) == "settings_file_too_large")
        #expect(reason(big, maxBytes: 101) == nil)
    }

    @Test("a symbolic link is followed and the rule applies to the file it names")
    func symbolicLinks() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let good = temp.child("good.env"), loose = temp.child("loose.env")
        try Self.write(good, mode: 0o600)
        try Self.write(loose, mode: 0o644)
        #expect(symlink(good, temp.child("link-good")) == 0)
        #expect(symlink(loose, temp.child("link-loose")) == 0)
        #expect((try? SettingsFile.read(path: temp.child("link-good"), maxBytes: Self.limit)) == Array("A=1\n".utf8))
        do {
            _ = try SettingsFile.read(path: temp.child("link-loose"), maxBytes: Self.limit)
            Issue.record("a link to a 0644 file was read")
        } catch {
            #expect(error.reason == "settings_file_mode")
        }
    }

    @Test("the default path is signin.env in the password database's home of the effective user")
    func defaultPath() throws {
        let entry = try #require(getpwuid(geteuid()))
        let home = String(cString: entry.pointee.pw_dir)
        #expect(SettingsFile.defaultPath() == (home == "/" ? "/signin.env" : home + "/signin.env"))
        #expect(SettingsFile.homeDirectory(of: 0) == "/root")
        #expect(SettingsFile.homeDirectory(of: 4_000_000_000) == nil)
    }
}
