// The /files/ path check: an accepted path is plain file names only (no dot-segment, no hidden name, no separator,
// NUL, backslash or percent sign), within the limits.
import CGI
import FuzzSupport

fuzz { bytes in
    guard let path = try? ProtectedPath(pathInfoRest: text(bytes)) else { return }
    require(path.segments.count <= ProtectedPath.maxSegments, "too many segments accepted")
    for segment in path.segments {
        require(!segment.isEmpty && segment != "." && segment != "..", "an empty or dot segment accepted")
        require(!segment.hasPrefix("."), "a hidden segment accepted")
        require(!segment.utf8.contains { $0 == 0 || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "%") },
                "a separator, NUL, backslash or percent sign accepted")
    }
}
