/// The process environment as read once: `NAME=value` entries in their order, kept as bytes and looked up by
/// name (POSIX.1-2017 §8.1; for a CGI request these are the meta-variables of RFC 3875 §4.1). The first entry
/// of a repeated name wins. No dictionary: a few dozen entries are scanned faster than they are hashed, and a
/// request that reads five of them never builds a `String` for the rest.
public struct Environment: Sendable {
    /// Every entry's bytes back to back.
    private var storage: [UInt8] = []
    private var entries: [Entry] = []

    /// Offsets into `storage`: the name is `start..<equals`, the value `equals + 1..<end`.
    private struct Entry: Sendable {
        var start: Int
        var equals: Int
        var end: Int
    }

    public init() {}

    /// From name → value pairs (for tests and callers that hold a dictionary).
    public init(_ values: [String: String]) {
        for (name, value) in values { append(name: Array(name.utf8), value: Array(value.utf8)) }
    }

    /// Adds one `NAME=value` entry, split at its first `=`; an entry without `=` is not a variable and is skipped.
    public mutating func append(entry bytes: UnsafeBufferPointer<UInt8>) {
        guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")) else { return }
        let start = storage.count
        storage.append(contentsOf: bytes)
        entries.append(Entry(start: start, equals: start + eq, end: storage.count))
    }

    private mutating func append(name: [UInt8], value: [UInt8]) {
        let start = storage.count
        storage.append(contentsOf: name)
        storage.append(UInt8(ascii: "="))
        storage.append(contentsOf: value)
        entries.append(Entry(start: start, equals: start + name.count, end: storage.count))
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
        for entry in entries {
            let name = String(decoding: storage[entry.start..<entry.equals], as: UTF8.self)
            if out[name] == nil { out[name] = String(decoding: storage[(entry.equals + 1)..<entry.end], as: UTF8.self) }
        }
        return out
    }

    private func find(_ name: String) -> Entry? {
        var name = name
        return name.withUTF8 { wanted in
            storage.withUnsafeBufferPointer { all in
                for entry in entries where entry.equals - entry.start == wanted.count {
                    var same = true
                    for i in 0..<wanted.count where all[entry.start + i] != wanted[i] {
                        same = false
                        break
                    }
                    if same { return entry }
                }
                return nil
            }
        }
    }
}
