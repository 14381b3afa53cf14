/// One escaper per output context (HTML Living Standard §13.1; OWASP XSS prevention rules 1 and 2).
public enum Escape {
    /// Escapes text placed between tags: `&`, `<`, `>`, `"`, `'`.
    public static func html(_ s: String) -> String {
        // Works on the UTF-8 bytes: the five characters are ASCII, and UTF-8 never uses ASCII bytes inside
        // a multi-byte sequence, so every other byte is copied as it is.
        var s = s
        return s.withUTF8 { bytes in
            guard bytes.contains(where: { isSpecial($0) }) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])        // &amp;
                case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])              // &lt;
                case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])              // &gt;
                case UInt8(ascii: "\""): out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]) // &quot;
                case UInt8(ascii: "'"): out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])        // &#39;
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// Escapes a value placed inside a quoted attribute (`"…"` or `'…'`); never use it unquoted.
    public static func attribute(_ s: String) -> String {
        html(s)
    }
}
