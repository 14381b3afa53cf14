import Encoding

/// A JWS in compact serialization (RFC 7515 §7.1), split and decoded but not yet verified.
public struct CompactJWS: Sendable {
    /// The protected header, a JSON object with a string `alg` (RFC 7515 §4.1.1).
    public let header: [String: JSONValue]
    /// The decoded payload, untrusted until the signature is checked.
    public let payload: [UInt8]
    /// ASCII(BASE64URL(header) || '.' || BASE64URL(payload)), what the signature covers (RFC 7515 §5.2).
    public let signingInput: [UInt8]
    public let signature: [UInt8]

    /// Splits and decodes `token`: exactly three strict base64url parts, at most `maxLength` bytes in all.
    /// A header with `crit` is refused (RFC 7515 §4.1.11: we understand no extensions).
    public init(_ token: String, maxLength: Int = 16384) throws(JOSEError) {
        guard token.utf8.count <= maxLength else { throw .malformed("token longer than \(maxLength) bytes") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 5 { throw .malformed("a JWE (five parts), not a JWS") }
        guard parts.count == 3 else { throw .malformed("a compact JWS has three parts, this has \(parts.count)") }
        guard let headerBytes = Base64.urlDecode(parts[0]) else { throw .malformed("header is not base64url") }
        guard let payload = Base64.urlDecode(parts[1]) else { throw .malformed("payload is not base64url") }
        guard let signature = Base64.urlDecode(parts[2]) else { throw .malformed("signature is not base64url") }
        let header: [String: JSONValue]
        do {
            header = try JSONValue.parseObject(headerBytes, maxBytes: maxLength)
        } catch {
            throw .malformed("header is not a JSON object")
        }
        guard header["alg"]?.stringValue != nil else { throw .malformed("header has no string alg") }
        guard header["crit"] == nil else { throw .malformed("header has crit") }
        self.header = header
        self.payload = payload
        self.signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        self.signature = signature
    }

    /// The header's `alg` value.
    public var algorithm: String { header["alg"]?.stringValue ?? "" }
}
