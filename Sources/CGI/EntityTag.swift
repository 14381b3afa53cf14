/// An entity tag (RFC 9110 §8.8.3): an opaque quoted string, weak when prefixed by `W/`.
public struct EntityTag: Equatable, Sendable {
    /// The characters between the quotes.
    public let opaque: String
    public let isWeak: Bool

    public init(opaque: String, isWeak: Bool) {
        self.opaque = opaque
        self.isWeak = isWeak
    }

    /// The field value, e.g. `"5f-1a2b"` or `W/"5f-1a2b"`.
    public var headerValue: String { (isWeak ? "W/\"" : "\"") + opaque + "\"" }

    /// Weak comparison: the opaque tags match, either may be weak (RFC 9110 §8.8.3.2).
    func weaklyMatches(_ other: EntityTag) -> Bool { opaque == other.opaque }

    /// Strong comparison: both strong and the opaque tags match (RFC 9110 §8.8.3.2).
    func stronglyMatches(_ other: EntityTag) -> Bool { !isWeak && !other.isWeak && opaque == other.opaque }

    /// A file's tag from inode, size and modification time to the nanosecond, in hex. It is weak while the
    /// file was modified less than a second before `now`: a second write in the same clock tick could keep
    /// size and time, so the tag cannot yet promise byte-for-byte identity (as Apache's `FileETag` does).
    static func forFile(_ file: FileAttributes, now: Int64) -> EntityTag {
        var opaque: [UInt8] = []
        opaque.reserveCapacity(48)
        appendHex(magnitude: file.inode, negative: false, to: &opaque)
        opaque.append(UInt8(ascii: "-"))
        appendHex(magnitude: file.size.magnitude, negative: file.size < 0, to: &opaque)
        opaque.append(UInt8(ascii: "-"))
        appendHex(magnitude: file.modifiedSeconds.magnitude, negative: file.modifiedSeconds < 0, to: &opaque)
        opaque.append(UInt8(ascii: "."))
        appendHex(magnitude: file.modifiedNanoseconds.magnitude, negative: file.modifiedNanoseconds < 0, to: &opaque)
        return EntityTag(opaque: String(decoding: opaque, as: UTF8.self), isWeak: now - file.modifiedSeconds < 1)
    }

    /// Lower-case hex without leading zeros, `-` first when negative: what `String(_:radix: 16)` writes, without the
    /// standard library's generic integer printing (unspecialized here, and two pages of code of its own).
    static func appendHex(magnitude: UInt64, negative: Bool, to out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        var shift = 60
        while shift > 0 && magnitude >> UInt64(shift) == 0 { shift -= 4 }
        while shift >= 0 {
            let digit = UInt8(truncatingIfNeeded: magnitude >> UInt64(shift) & 0xF)
            out.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
            shift -= 4
        }
    }

    /// An `If-None-Match` value: `*` or a list of tags (RFC 9110 §13.1.2).
    enum List: Equatable {
        case any
        case tags([EntityTag])

        /// Whether `tag` is listed (weak comparison), or the list is `*` (the representation exists).
        func weaklyContains(_ tag: EntityTag) -> Bool {
            switch self {
            case .any: true
            case .tags(let tags): tags.contains { $0.weaklyMatches(tag) }
            }
        }
    }

    /// An `If-None-Match` or `If-Range` value, nil when malformed.
    /// `#entity-tag` (RFC 9110 §5.6.1): comma-separated, optional whitespace, empty elements allowed.
    static func parseList(_ text: String) -> List? {
        let trimmed = Substring(text).trimmingSpaces
        if trimmed == "*" { return .any }
        var tags: [EntityTag] = []
        var rest = trimmed.utf8[...]
        while !rest.isEmpty {
            while let b = rest.first, b == 0x20 || b == 0x09 || b == UInt8(ascii: ",") { rest = rest.dropFirst() }
            if rest.isEmpty { break }
            var weak = false
            if rest.starts(with: "W/".utf8) {
                weak = true
                rest = rest.dropFirst(2)
            }
            guard rest.first == UInt8(ascii: "\"") else { return nil }
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let opaque = rest[..<close]
            guard opaque.allSatisfy({ $0 == 0x21 || (0x23...0x7E).contains($0) }) else { return nil }
            tags.append(EntityTag(opaque: String(decoding: opaque, as: UTF8.self), isWeak: weak))
            guard tags.count <= 64 else { return nil }
            rest = rest[rest.index(after: close)...]
            while let b = rest.first, b == 0x20 || b == 0x09 { rest = rest.dropFirst() }
            guard rest.isEmpty || rest.first == UInt8(ascii: ",") else { return nil }
        }
        return tags.isEmpty ? nil : .tags(tags)
    }
}
