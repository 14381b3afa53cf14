import Encoding

/// The token endpoint's answer (RFC 6749 §5.1 success, §5.2 error).
public struct TokenResponse: Sendable {
    /// Largest answer accepted.
    public static let maxBytes = 256 * 1024

    public let accessToken: String?
    public let refreshToken: String?
    public let idToken: String?
    public let scope: String?
    public let tokenType: String?
    public let expiresIn: Int64?

    public init(accessToken: String?, refreshToken: String?, idToken: String?, scope: String?, tokenType: String?, expiresIn: Int64?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.idToken = idToken
        self.scope = scope
        self.tokenType = tokenType
        self.expiresIn = expiresIn
    }

    /// Seconds the access token may be used: `expires_in` (RFC 6749 §5.1), 3600 when absent (the lifetime Entra and
    /// most providers use), never more than a day, so a provider's odd value cannot keep a token alive for ever.
    public var accessTokenLifetime: Int64 {
        min(max(expiresIn ?? 3600, 0), 86400)
    }

    /// 200 with a JSON object, `token_type` Bearer (case-insensitive, RFC 6750 §4) and a non-empty `access_token`;
    /// any answer with a string `error` is `.tokenError`; everything else (non-JSON, oversize, odd types) `.badTokenResponse`.
    public static func parse(status: Int, body: [UInt8]) throws(OIDCError) -> TokenResponse {
        guard body.count <= maxBytes else { throw .badTokenResponse("answer larger than \(maxBytes) bytes") }
        guard let object = try? JSONValue.parseObject(body, maxBytes: maxBytes) else {
            throw .badTokenResponse("HTTP \(status) without a JSON object")
        }
        if let code = object["error"]?.stringValue {
            throw .tokenError(code: code, description: object["error_description"]?.stringValue)
        }
        guard status == 200 else { throw .badTokenResponse("HTTP \(status)") }
        let tokenType = try string("token_type", object)
        guard tokenType?.lowercased() == "bearer" else { throw .badTokenResponse("token_type is not Bearer") }
        guard let accessToken = try string("access_token", object), !accessToken.isEmpty else {
            throw .badTokenResponse("no access_token")
        }
        return TokenResponse(accessToken: accessToken, refreshToken: try string("refresh_token", object),
                             idToken: try string("id_token", object), scope: try string("scope", object),
                             tokenType: tokenType, expiresIn: try expiresIn(object))
    }

    private static func string(_ name: String, _ object: [String: JSONValue]) throws(OIDCError) -> String? {
        guard let value = object[name] else { return nil }
        guard let s = value.stringValue else { throw .badTokenResponse("\(name) is not a string") }
        return s
    }

    /// `expires_in` (RFC 6749 §5.1) as a non-negative whole number, or a string of digits as some providers send.
    private static func expiresIn(_ object: [String: JSONValue]) throws(OIDCError) -> Int64? {
        guard let value = object["expires_in"] else { return nil }
        if let n = value.int64Value, n >= 0 { return n }
        if let s = value.stringValue, !s.isEmpty, s.utf8.count <= 12, s.utf8.allSatisfy({ (48...57).contains($0) }), let n = Int64(s) {
            return n
        }
        throw .badTokenResponse("expires_in is not a number of seconds")
    }
}
