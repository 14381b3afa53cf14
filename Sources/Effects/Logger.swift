#if canImport(Glibc)
import Glibc
#endif

/// The seam for diagnostics: one line per call. Callers never pass a secret, token, code or cookie.
public protocol Logger: Sendable {
    func log(_ line: String)
}

/// Writes `signin: <line>\n` to standard error in a single write(2), so concurrent CGI
/// processes sharing the server's error log never interleave within a line.
public struct StderrLogger: Logger {
    /// The most bytes one log line may take, prefix and newline included.
    public static let maxLineBytes = 1024

    public init() {}

    public func log(_ line: String) {
        let bytes = Self.format(line)
        // Nothing sensible can be done when stderr is gone; the result is deliberately unused.
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// The exact bytes written for `line`: prefixed, control characters (C0, DEL, C1 and the
    /// Unicode line/paragraph separators) replaced by `?`, cut at a character boundary so the
    /// whole line fits in `maxLineBytes`, newline-terminated.
    public static func format(_ line: String) -> [UInt8] {
        let budget = maxLineBytes - prefixBytes.count - 1
        var pieces: [[UInt8]] = []
        var total = 0
        for scalar in line.unicodeScalars {
            let piece = isControl(scalar) ? [UInt8(ascii: "?")] : Array(String(scalar).utf8)
            pieces.append(piece)
            total += piece.count
            if total > budget { break }
        }
        var out = prefixBytes
        if total <= budget {
            for piece in pieces { out += piece }
        } else {
            var used = 0
            for piece in pieces {
                if used + piece.count > budget - cutMarker.count { break }
                out += piece
                used += piece.count
            }
            out += cutMarker
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private static let prefixBytes = Array("signin: ".utf8)
    private static let cutMarker = Array("...".utf8)

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
