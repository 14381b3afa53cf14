import Foundation
import Synchronization
import Testing
@testable import Effects

/// Runs `body` on `count` threads released together; returns when all are done.
private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let ready = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0), done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        Thread {
            ready.signal()
            go.wait()
            body(index)
            done.leave()
        }.start()
    }
    for _ in 0..<count { ready.wait() }
    for _ in 0..<count { go.signal() }
    done.wait()
}

private func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Another open file description holding `path`'s flock(2) lock, as another process would.
private struct Holder {
    let fd: Int32
    init(_ path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
    }
    func release() { _ = close(fd) }
}

@Suite("FileCache fill lock")
struct FillLockTests {
    @Test("of many requests missing one entry, one fills it and the others read what it wrote")
    func oneFillerManyReaders() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let fetches = Atomic<Int>(0)
        let path = temp.path
        onThreads(16) { _ in
            let cache = FileCache(directory: path, log: RecordingLogger())  // its own descriptors, like a process
            guard cache.read("metadata") == nil else { return }
            cache.withFillLock("metadata", wait: 10) {
                guard cache.read("metadata") == nil else { return }
                fetches.add(1, ordering: .relaxed)
                usleep(50_000)  // the fetch
                cache.write("metadata", [1, 2, 3], now: 1)
            }
        }
        #expect(fetches.load(ordering: .relaxed) == 1)
        #expect(FileCache(directory: path, log: RecordingLogger()).read("metadata")?.bytes == [1, 2, 3])
    }

    @Test("a waiter runs once the holder lets go, and sees what the holder wrote")
    func waitsForHolder() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let cache = FileCache(directory: temp.path, log: RecordingLogger())
        let holder = try Holder(temp.child(FillLock.fileName(forKey: "jwks")))
        let seen = Mutex<[UInt8]?>(nil)
        let path = temp.path
        let finished = DispatchSemaphore(value: 0)
        let elapsed = seconds {
            Thread {
                let mine = FileCache(directory: path, log: RecordingLogger())
                mine.withFillLock("jwks", wait: 10) { seen.withLock { $0 = mine.read("jwks")?.bytes } }
                finished.signal()
            }.start()
            usleep(100_000)
            cache.write("jwks", [9], now: 1)
            holder.release()
            finished.wait()
        }
        #expect(seen.withLock { $0 } == [9])
        #expect(elapsed >= 0.1)
    }

    @Test("a holder that never lets go costs a waiter the wait, then the body runs without the lock")
    func boundedWait() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = RecordingLogger()
        let cache = FileCache(directory: temp.path, log: log)
        let holder = try Holder(temp.child(FillLock.fileName(forKey: "k")))
        defer { holder.release() }
        var ran = false
        let elapsed = seconds { cache.withFillLock("k", wait: 0.3) { ran = true } }
        #expect(ran)
        #expect(elapsed >= 0.3 && elapsed < 3)
        #expect(log.lines == ["cache lock not taken: another request held it for the whole wait"])
    }

    enum BrokenLock: String, CaseIterable {
        case ownedByNobody, groupWritable, fifo, symbolicLink, directory
    }

    @Test("a lock file that is not a private regular file of ours is never waited for", arguments: BrokenLock.allCases)
    func brokenLockNeverBlocks(_ kind: BrokenLock) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = RecordingLogger()
        let cache = FileCache(directory: temp.path, log: log)
        let lock = temp.child(FillLock.fileName(forKey: "k"))
        var holder: Holder?
        switch kind {
        case .ownedByNobody, .groupWritable:
            holder = try Holder(lock)
            #expect(kind == .groupWritable ? chmod(lock, 0o660) == 0 : chown(lock, nobody, nobody) == 0)
        case .fifo:
            #expect(mkfifo(lock, 0o600) == 0)
            holder = try Holder(lock)
        case .symbolicLink:
            holder = try Holder(temp.child("elsewhere"))
            #expect(symlink(temp.child("elsewhere"), lock) == 0)
        case .directory:
            #expect(mkdir(lock, 0o700) == 0)
        }
        defer { holder?.release() }
        var ran = false
        let elapsed = seconds { cache.withFillLock("k", wait: 5) { ran = true } }
        #expect(ran)
        #expect(elapsed < 1)
        #expect(log.lines.count == 1 && log.lines[0].hasPrefix("cache lock not taken: "))
    }

    @Test("the lock file is a 0600 regular file beside the entries, and the lock is released after the body")
    func lockFileShape() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let cache = FileCache(directory: temp.path, log: RecordingLogger())
        let value: Int = cache.withFillLock("k", wait: 1) { 42 }
        #expect(value == 42)
        let info = try #require(fileStatus(temp.child(FillLock.fileName(forKey: "k"))))
        #expect(info.st_mode & S_IFMT == S_IFREG && info.st_mode & 0o777 == 0o600)
        let again = try Holder(temp.child(FillLock.fileName(forKey: "k")))  // would fail if still held
        again.release()
    }

    @Test("errors thrown by the body pass through, and a refused directory runs the body at once")
    func throwsAndRefusedDirectory() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        #expect(chmod(temp.path, 0o777) == 0)
        let cache = FileCache(directory: temp.path, log: RecordingLogger())
        #expect(!cache.isUsable)
        #expect(throws: HTTPError.timeout) {
            try cache.withFillLock("k", wait: 5) { () throws(HTTPError) -> Int in throw .timeout }
        }
    }
}
