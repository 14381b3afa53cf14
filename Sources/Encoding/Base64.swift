import FoundationEssentials

/// Base64 in both alphabets (RFC 4648 §4 standard, §5 URL-safe), strict where a spec asks.
public enum Base64 {
    /// Encodes with the URL-safe alphabet and no padding (RFC 7515 §2 "Base64url Encoding").
    public static func urlEncode(_ bytes: some Sequence<UInt8>) -> String {
        var s = Data(bytes).base64EncodedString()
        s = String(s.compactMap { c -> Character? in
            switch c {
            case "+": return "-"
            case "/": return "_"
            case "=": return nil
            default: return c
            }
        })
        return s
    }

    /// Encodes with the standard alphabet and padding (RFC 4648 §4).
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes base64url without padding, rejecting any other character (RFC 7515 §2).
    public static func urlDecode(_ text: some StringProtocol) -> [UInt8]? {
        var standard = ""
        standard.reserveCapacity(text.utf8.count + 3)
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                standard.unicodeScalars.append(Unicode.Scalar(c))
            case UInt8(ascii: "-"): standard.append("+")
            case UInt8(ascii: "_"): standard.append("/")
            default: return nil
            }
        }
        switch standard.utf8.count % 4 {
        case 0: break
        case 2: standard += "=="
        case 3: standard += "="
        default: return nil
        }
        guard let data = Data(base64Encoded: standard) else { return nil }
        let bytes = [UInt8](data)
        // Reject non-canonical encodings (stray bits in the last character).
        guard urlEncode(bytes) == String(text) else { return nil }
        return bytes
    }

    /// Decodes either alphabet, padding optional, surrounding white space ignored (for secrets typed by operators).
    public static func decodeLenient(_ text: some StringProtocol) -> [UInt8]? {
        var trimmed = String(text).filter { !$0.isWhitespace }
        while trimmed.hasSuffix("=") { trimmed.removeLast() }
        guard !trimmed.isEmpty else { return nil }
        let urlForm = String(trimmed.map { c -> Character in
            switch c {
            case "+": return "-"
            case "/": return "_"
            default: return c
            }
        })
        guard urlForm.utf8.count % 4 != 1 else { return nil }
        var standard = String(urlForm.map { $0 == "-" ? "+" : ($0 == "_" ? "/" : $0) })
        while standard.utf8.count % 4 != 0 { standard += "=" }
        guard let data = Data(base64Encoded: standard) else { return nil }
        return [UInt8](data)
    }
}
