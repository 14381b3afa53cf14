/// The process environment as read once: `NAME=value` entries in their order, kept as bytes and looked up by
/// name (POSIX.1-2017 §8.1; for a CGI request these are the meta-variables of RFC 3875 §4.1). The first entry
/// of a repeated name wins. No dictionary: a few dozen entries are scanned faster than they are hashed, and a
/// request that reads five of them never builds a `String` for the rest.
public struct Environment: Sendable {
    /// Every entry's bytes back to back.
    private var storage: [UInt8] = []
    /// Three offsets into `storage` per entry (an `[Int]`, whose storage type the runtime has ready made): the
    /// name is `start..<equals`, the value `equals + 1..<end`.
    private var offsets: [Int] = []

    private struct Entry {
        var start: Int
        var equals: Int
        var end: Int
    }

    private func entry(_ i: Int) -> Entry {
        Entry(start: offsets[3 * i], equals: offsets[3 * i + 1], end: offsets[3 * i + 2])
    }

    private var count: Int { offsets.count / 3 }

    private mutating func record(start: Int, equals: Int) {
        offsets.append(start)
        offsets.append(equals)
        offsets.append(storage.count)
    }

    public init() {}

    /// Empty, with room for `entries` entries of `bytes` bytes in all.
    public init(reservingEntries entries: Int, bytes: Int) {
        offsets.reserveCapacity(3 * entries)
        storage.reserveCapacity(bytes)
    }

    /// From name → value pairs (for tests and callers that hold a dictionary).
    public init(_ values: [String: String]) {
        for (name, value) in values { append(name: Array(name.utf8), value: Array(value.utf8)) }
    }

    /// Adds one `NAME=value` entry, split at its first `=`; an entry without `=` is not a variable and is skipped.
    public mutating func append(entry bytes: UnsafeBufferPointer<UInt8>) {
        guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")) else { return }
        let start = storage.count
        storage.append(contentsOf: bytes)
        record(start: start, equals: start + eq)
    }

    /// Adds one `NAME=value` entry from a C string.
    public mutating func append(entry string: UnsafePointer<CChar>, count: Int) {
        string.withMemoryRebound(to: UInt8.self, capacity: count) {
            append(entry: UnsafeBufferPointer(start: $0, count: count))
        }
    }

    private mutating func append(name: [UInt8], value: [UInt8]) {
        let start = storage.count
        storage.append(contentsOf: name)
        storage.append(UInt8(ascii: "="))
        storage.append(contentsOf: value)
        record(start: start, equals: start + name.count)
    }

    /// The value of the first entry named `name`, decoded as UTF-8 (invalid bytes become U+FFFD, as
    /// `String(decoding:)` does; `Request` refuses those where it matters).
    public subscript(name: String) -> String? {
        guard let entry = find(name) else { return nil }
        return storage.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[(entry.equals + 1)..<entry.end]), as: UTF8.self)
        }
    }

    /// True when a variable of that name is set (even to the empty string).
    public func contains(_ name: String) -> Bool { find(name) != nil }

    /// Each name once with its first value, for the command-line tool.
    public var dictionary: [String: String] {
        var out: [String: String] = [:]
        for i in 0..<count {
            let entry = entry(i)
            let name = String(decoding: storage[entry.start..<entry.equals], as: UTF8.self)
            if out[name] == nil { out[name] = String(decoding: storage[(entry.equals + 1)..<entry.end], as: UTF8.self) }
        }
        return out
    }

    private func find(_ name: String) -> Entry? {
        var name = name
        return name.withUTF8 { wanted in
            storage.withUnsafeBufferPointer { all in
                offsets.withUnsafeBufferPointer { offsets in
                    var i = 0
                    while i + 2 < offsets.count {
                        let start = offsets[i], equals = offsets[i + 1]
                        if equals - start == wanted.count
                            && sameBytes(UnsafeBufferPointer(rebasing: all[start..<equals]), wanted) {
                            return Entry(start: start, equals: equals, end: offsets[i + 2])
                        }
                        i += 3
                    }
                    return nil
                }
            }
        }
    }

    /// Byte-wise equality of two buffers of the same length.
    private func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for j in 0..<a.count where a[j] != b[j] { return false }
        return true
    }
}
