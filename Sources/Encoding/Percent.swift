/// Percent-encoding (RFC 3986 §2.1) and `application/x-www-form-urlencoded` (WHATWG URL §5).
public enum Percent {
    /// Encodes every byte outside RFC 3986 §2.3 unreserved characters.
    public static func encode(_ text: some StringProtocol) -> String {
        escape(text) { isUnreserved($0) }
    }

    /// Encodes a path, keeping `/` and the RFC 3986 §3.3 pchar sub-delimiters that are safe in a header.
    public static func encodePath(_ path: some StringProtocol) -> String {
        escape(path) { isUnreserved($0) || isPathSafe($0) }
    }

    /// `/` and the sub-delimiters of RFC 3986 §3.3 kept by `encodePath`. A switch, not a `Set<UInt8>`: a process's
    /// first `Set<UInt8>` checks `UInt8: Hashable` by walking every conformance record of the static binary.
    private static func isPathSafe(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","),
             UInt8(ascii: ";"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }

    /// `%XX` for every byte that `keep` refuses.
    private static func escape(_ text: some StringProtocol, keep: (UInt8) -> Bool) -> String {
        var out: [UInt8] = []
        escape(text, into: &out, keep: keep)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same, appended to `out` (bytes: appending to a `String` scalar by scalar costs several times more).
    private static func escape(_ text: some StringProtocol, into out: inout [UInt8], keep: (UInt8) -> Bool) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { escape($0, into: &out, keep: keep) }
        if done == nil { Array(text.utf8).withUnsafeBufferPointer { escape($0, into: &out, keep: keep) } }
    }

    /// The output's length counted first, then every byte written in place: one growth of `out`, no capacity
    /// check per byte.
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], keep: (UInt8) -> Bool) {
        var length = bytes.count
        for b in bytes where !keep(b) { length += 2 }
        var index = out.count
        out.append(contentsOf: repeatElement(0, count: length))
        out.withUnsafeMutableBufferPointer { buffer in
            for b in bytes {
                if keep(b) {
                    buffer[index] = b
                    index += 1
                } else {
                    buffer[index] = UInt8(ascii: "%")
                    buffer[index + 1] = hexDigit(b >> 4)
                    buffer[index + 2] = hexDigit(b & 0xF)
                    index += 3
                }
            }
        }
    }

    /// Decodes `%XX` sequences, and `+` as space when `plusAsSpace`; nil for a malformed escape or invalid UTF-8.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard let h = it.popFirst(), let l = it.popFirst(), let hv = hexValue(h), let lv = hexValue(l) else { return nil }
                bytes.append(hv << 4 | lv)
            } else if plusAsSpace && b == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Serializes pairs as `application/x-www-form-urlencoded`, in order.
    public static func formEncode(_ pairs: [(String, String)]) -> String {
        var out: [UInt8] = []
        for (index, (name, value)) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            escape(name, into: &out, keep: isUnreserved)
            out.append(UInt8(ascii: "="))
            escape(value, into: &out, keep: isUnreserved)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `application/x-www-form-urlencoded`; nil when any pair is malformed.
    public static func formDecode(_ text: some StringProtocol) -> [(String, String)]? {
        var pairs: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let k = decode(kv[0], plusAsSpace: true) else { return nil }
            let v = kv.count > 1 ? decode(kv[1], plusAsSpace: true) : ""
            guard let v else { return nil }
            pairs.append((k, v))
        }
        return pairs
    }

    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? v + 48 : v + 55 }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - 55
        default: return nil
        }
    }
}
