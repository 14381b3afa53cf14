/// Base64 in both alphabets (RFC 4648 §4 standard, §5 URL-safe), strict where a spec asks.
public enum Base64 {
    /// Encodes with the URL-safe alphabet and no padding (RFC 7515 §2 "Base64url Encoding").
    public static func urlEncode(_ bytes: some Sequence<UInt8>) -> String {
        encode(Array(bytes), alphabet: urlAlphabet, padded: false)
    }

    /// `urlEncode` for bytes in an array (every caller's case) without the generic detour: a generic across the
    /// module boundary runs unspecialized.
    public static func urlEncode(_ bytes: [UInt8]) -> String {
        encode(bytes, alphabet: urlAlphabet, padded: false)
    }

    /// Encodes with the standard alphabet and padding (RFC 4648 §4).
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        encode(Array(bytes), alphabet: standardAlphabet, padded: true)
    }

    /// `encode` for bytes in an array, without the generic detour.
    public static func encode(_ bytes: [UInt8]) -> String {
        encode(bytes, alphabet: standardAlphabet, padded: true)
    }

    private static let urlAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let standardAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Three bytes to four characters of `alphabet` (RFC 4648 §4 and §5); a last group of one or two bytes gives two or
    /// three characters, then "=" up to four when `padded`. Written into the output's storage, sized once.
    private static func encode(_ input: [UInt8], alphabet: [UInt8], padded: Bool) -> String {
        let rest = input.count % 3
        let length = input.count / 3 * 4 + (rest == 0 ? 0 : (padded ? 4 : rest + 1))
        return String(unsafeUninitializedCapacity: length) { out in
            alphabet.withUnsafeBufferPointer { table in
                input.withUnsafeBufferPointer { bytes in
                    var i = 0, o = 0
                    while i + 3 <= bytes.count {
                        let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                        out[o] = table[Int(n >> 18)]
                        out[o + 1] = table[Int(n >> 12 & 63)]
                        out[o + 2] = table[Int(n >> 6 & 63)]
                        out[o + 3] = table[Int(n & 63)]
                        i += 3
                        o += 4
                    }
                    if rest > 0 {
                        let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
                        out[o] = table[Int(n >> 18)]
                        out[o + 1] = table[Int(n >> 12 & 63)]
                        o += 2
                        if rest == 2 { out[o] = table[Int(n >> 6 & 63)]; o += 1 }
                        while padded && o < length { out[o] = 0x3D; o += 1 }
                    }
                    return o
                }
            }
        }
    }

    /// Decodes base64url without padding, rejecting any other character (RFC 7515 §2) and non-canonical
    /// encodings (stray bits in the last character), so one value has exactly one text form.
    public static func urlDecode(_ text: some StringProtocol) -> [UInt8]? {
        if let done = text.utf8.withContiguousStorageIfAvailable({ urlDecode($0) }) { return done }
        return urlDecode(Array(text.utf8))
    }

    /// `urlDecode` for a `String` without the generic detour (the common call).
    public static func urlDecode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { urlDecode($0) }
    }

    /// `urlDecode` for a `Substring` without the generic detour.
    public static func urlDecode(_ text: Substring) -> [UInt8]? {
        var text = text
        return text.withUTF8 { urlDecode($0) }
    }

    /// `urlDecode` over the base64url characters' bytes.
    public static func urlDecode(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBufferPointer { urlDecode($0) }
    }

    /// `urlDecode` over the base64url characters' bytes, in place (no copy of the input).
    public static func urlDecode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        decode(input, canonical: true)
    }

    /// Base64url without padding to bytes; with `canonical`, the leftover bits of a last group of two or three
    /// characters must be zero (RFC 4648 §3.5), otherwise they are ignored.
    private static func decode(_ input: UnsafeBufferPointer<UInt8>, canonical: Bool) -> [UInt8]? {
        guard input.count % 4 != 1 else { return nil }
        let capacity = input.count * 3 / 4
        var ok = true
        let out = urlValues.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                // Four characters (24 bits, three bytes) at a time; a value of 64 or more in any of them is not base64url.
                var n = 0, i = 0
                let whole = input.count - input.count % 4
                while i < whole {
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                    let c = table[Int(input[i + 2])], d = table[Int(input[i + 3])]
                    guard a | b | c | d < 64 else { ok = false; break }
                    let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    buffer[n] = UInt8(truncatingIfNeeded: v >> 16)
                    buffer[n + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    buffer[n + 2] = UInt8(truncatingIfNeeded: v)
                    n += 3
                    i += 4
                }
                // Two or three characters left: one or two bytes, and the leftover bits (4 or 2) must be zero in the
                // canonical encoding.
                if ok && input.count - whole == 2 {
                    let a = table[Int(input[whole])], b = table[Int(input[whole + 1])]
                    let v = UInt32(a) << 6 | UInt32(b)
                    if a | b >= 64 || (canonical && v & 0xF != 0) { ok = false } else {
                        buffer[n] = UInt8(truncatingIfNeeded: v >> 4)
                        n += 1
                    }
                } else if ok && input.count - whole == 3 {
                    let a = table[Int(input[whole])], b = table[Int(input[whole + 1])], c = table[Int(input[whole + 2])]
                    let v = UInt32(a) << 12 | UInt32(b) << 6 | UInt32(c)
                    if a | b | c >= 64 || (canonical && v & 0x3 != 0) { ok = false } else {
                        buffer[n] = UInt8(truncatingIfNeeded: v >> 10)
                        buffer[n + 1] = UInt8(truncatingIfNeeded: v >> 2)
                        n += 2
                    }
                }
                initialized = ok ? n : 0
            }
        }
        return ok ? out : nil
    }

    /// The 6-bit value of each byte as a base64url character (RFC 4648 §5 Table 2), 64 for every other byte:
    /// one load per character instead of range tests.
    private static let urlValues: [UInt8] = [
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 62, 64, 64,
        52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 64, 64, 64, 64, 64, 64,
        64,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
        15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 64, 64, 64, 64, 63,
        64, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
        41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
    ]

    /// Decodes either alphabet, padding optional, white space anywhere ignored (for secrets typed by operators).
    /// The leftover bits of the last character are not checked: an operator's secret is read as any decoder reads it.
    public static func decodeLenient(_ text: some StringProtocol) -> [UInt8]? {
        decodeLenient(String(text))
    }

    /// `decodeLenient` for a `String` without the generic detour (the settings' call: a generic `StringProtocol`
    /// across the module boundary runs unspecialized, with a conformance scan).
    public static func decodeLenient(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decodeLenient($0) }
    }

    /// `decodeLenient` for a `Substring` without the generic detour.
    public static func decodeLenient(_ text: Substring) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decodeLenient($0) }
    }

    /// `decodeLenient` over the text's UTF-8 bytes.
    public static func decodeLenient(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var urlForm = [UInt8]()
        urlForm.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: continue   // the white space an operator's paste may carry
            case 0x2B: urlForm.append(0x2D)   // "+" is "-" in the URL alphabet
            case 0x2F: urlForm.append(0x5F)   // "/" is "_"
            default: urlForm.append(byte)
            }
        }
        while urlForm.last == 0x3D { urlForm.removeLast() }   // padding, which the URL form omits
        guard !urlForm.isEmpty else { return nil }
        return urlForm.withUnsafeBufferPointer { decode($0, canonical: false) }
    }
}
