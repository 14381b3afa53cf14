import Encoding

/// One `Set-Cookie` header (RFC 6265 §4.1), always `HttpOnly` and `SameSite=Lax`.
public struct SetCookie: Sendable, Equatable {
    public var name: String
    public var value: String
    public var path: String
    /// nil: a session cookie; 0: expire now; N: keep N seconds.
    public var maxAge: Int?
    /// Adds `Secure` (RFC 6265 §4.1.2.5); set when the request came over HTTPS.
    public var secure: Bool
    public init(name: String, value: String, path: String, maxAge: Int?, secure: Bool) {
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.secure = secure
    }

    /// An expired cookie of this name and path (Max-Age=0 and Expires at the epoch) that clients delete.
    public static func expired(name: String, path: String, secure: Bool) -> SetCookie {
        SetCookie(name: name, value: "", path: path, maxAge: 0, secure: secure)
    }

    /// The full header value: `name=value; Path=p; [Max-Age=N; ][Secure; ]HttpOnly; SameSite=Lax`, with
    /// `Expires` at the epoch beside `Max-Age=0` for clients that predate Max-Age (RFC 6265 §5.3 step 3).
    public var headerValue: String {
        // Appended in place: `joined(separator:)` runs unspecialized under -Osize (bench/README.md).
        var line = name + "=" + value + "; Path=" + path
        if let maxAge {
            let age = max(maxAge, 0)
            line += "; Max-Age=" + DecimalText.string(Int64(age))
            if age == 0 { line += "; Expires=" + HTTPDate.imfFixdate(0) }
        }
        if secure { line += "; Secure" }
        line += "; HttpOnly; SameSite=Lax"
        return line
    }

    /// True when the name is a token, the value cookie-octets and the path free of `;` and CTLs (RFC 6265 §4.1.1),
    /// so `headerValue` cannot carry a second attribute or header. Invalid cookies are never written.
    public var isWritable: Bool {
        HeaderSafety.isName(name) && value.utf8.allSatisfy(HeaderSafety.isCookieOctet) && HeaderSafety.isCookiePath(path)
    }
}
