/// The checks that keep client input from shaping the response head (RFC 9110 §5.1, §5.5; RFC 6265 §4.1.1).
enum HeaderSafety {
    /// tchar (RFC 9110 §5.6.2): the bytes allowed in a header name or a method.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(b)
        }
    }

    /// A header name is a non-empty token.
    static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(isTokenByte)
    }

    /// A value we write holds only visible ASCII and spaces: no CTL (CR, LF, NUL, HTAB, DEL) and, stricter
    /// than RFC 9110's obs-text, no bytes above 0x7E; no leading or trailing space (§5.5 strips OWS).
    static func isValue(_ value: String) -> Bool {
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { return false }
        return value.utf8.first != 0x20 && value.utf8.last != 0x20
    }

    /// cookie-octet (RFC 6265 §4.1.1): visible ASCII except DQUOTE, comma, semicolon and backslash.
    static func isCookieOctet(_ b: UInt8) -> Bool {
        b == 0x21 || (0x23...0x2B).contains(b) || (0x2D...0x3A).contains(b) || (0x3C...0x5B).contains(b) || (0x5D...0x7E).contains(b)
    }

    /// A cookie path attribute value: visible ASCII and space except `;` (RFC 6265 §4.1.1 path-value).
    static func isCookiePath(_ path: String) -> Bool {
        !path.isEmpty && path.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: ";") }
    }

    /// Percent-encodes every byte outside visible ASCII (0x21…0x7E), so a URL can always be written (RFC 3986 §2.1).
    static func encodeURL(_ url: String) -> String {
        // Bytes, not `String.unicodeScalars.append` per byte; a URL that is already visible ASCII is kept as it is.
        guard !url.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else { return url }
        var out: [UInt8] = []
        out.reserveCapacity(url.utf8.count + 16)
        for b in url.utf8 {
            if b >= 0x21 && b <= 0x7E {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigit(b >> 4))
                out.append(hexDigit(b & 0x0F))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An upper-case hexadecimal digit of `v` (0…15).
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? v + 0x30 : v + 0x37 }
}
