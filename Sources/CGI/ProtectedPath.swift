/// The part of `PATH_INFO` after `/files/`, checked into plain file names before any file is touched.
///
/// Each segment is one name looked up in one folder (never a path), so nothing here is a string-prefix test.
/// `PATH_INFO` arrives percent-decoded by the server (RFC 3875 §4.1.5) and is never decoded again: a `%`
/// left in it came from a double-encoded request (`%252e`, `%252f`) and the segment is refused, so no
/// later layer can turn it into a dot or a separator. A trailing `/` names a folder (its `index.html`).
public struct ProtectedPath: Sendable, Equatable {
    /// The most segments a path may have.
    public static let maxSegments = 32
    /// The longest path accepted, in bytes.
    public static let maxBytes = 1024
    /// The longest segment accepted, in bytes (Linux `NAME_MAX`).
    public static let maxSegmentBytes = 255

    /// The names to walk, in order; empty for the folder itself.
    public let segments: [String]
    /// The path ended in `/` (or was empty): the last segment must be a folder, and its `index.html` is served.
    public let isFolder: Bool

    /// Splits `rest` at `/` and checks every segment.
    public init(pathInfoRest rest: String) throws(FileRefusal) {
        guard rest.utf8.count <= Self.maxBytes else { throw .tooLong }
        // Split on the byte, not on Characters: "/" followed by a combining mark is one Character, and splitting
        // on Characters would leave a "/" inside a segment for the file system to walk through.
        var parts = rest.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { Substring(String(decoding: $0, as: UTF8.self)) }
        isFolder = rest.isEmpty || rest.utf8.last == UInt8(ascii: "/")
        if isFolder { parts.removeLast() }
        guard parts.count <= Self.maxSegments else { throw .tooManySegments }
        for part in parts { try Self.check(part) }
        segments = parts.map(String.init)
    }

    /// One file name: not empty, not a dot-segment, not hidden, no byte or character that could mean
    /// something other than itself to this program, the file system or a layer in front.
    static func check(_ segment: Substring) throws(FileRefusal) {
        guard !segment.isEmpty else { throw .emptySegment }
        guard segment.utf8.count <= maxSegmentBytes else { throw .tooLong }
        guard segment != ".", segment != ".." else { throw .pathTraversal }
        guard segment.utf8.first != UInt8(ascii: ".") else { throw .hiddenSegment }
        for scalar in segment.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || scalar == "\\" || scalar == "\u{FFFD}" {
                throw .badByte
            }
            if scalar.properties.generalCategory == .format || scalar.properties.isNoncharacterCodePoint {
                throw .badByte
            }
            if scalar == "%" { throw .encodedByte }
            if lookalikes.contains(v) { throw .lookalikeCharacter }
        }
    }

    /// Characters whose compatibility form (NFKC, Unicode UAX #15) is or contains `.`, `/` or `\`, or that
    /// are drawn as one: a layer that normalises would turn them into dot-segments or separators.
    /// An array, not a `Set<UInt32>`: a process's first `Set<UInt32>` checks `UInt32: Hashable` by walking every
    /// conformance record of the static binary (bench/README.md), which costs more than scanning 17 numbers.
    static let lookalikes: [UInt32] = [
        0x2024, 0x2025, 0x2026,          // one/two dot leader, horizontal ellipsis → ".", "..", "..."
        0xFE52, 0xFF0E, 0x3002, 0xFF61,  // small, fullwidth, ideographic and halfwidth ideographic full stops
        0x2044, 0x2215, 0x2571, 0x29F8,  // fraction slash, division slash, box diagonal, big solidus
        0xFF0F, 0xFE68, 0xFF3C, 0x29F5,  // fullwidth solidus, small/fullwidth reverse solidus, reverse solidus operator
        0x29F9, 0x2216,                  // big reverse solidus, set minus
    ]
}
