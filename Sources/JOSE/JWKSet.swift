import Encoding

/// The provider's public signing keys (RFC 7517 §5), keeping only the keys that can check signatures here.
public struct JWKSet: Sendable {
    /// Largest key set document accepted.
    public static let maxBytes = 256 * 1024
    /// Most members of `keys` considered.
    public static let maxKeys = 100

    public let keys: [JWK]

    /// Parses a JWK Set document; keys that cannot be used are skipped (RFC 7517 §5: "ignore JWKs ... not understood").
    /// Throws `.malformed` for a document of the wrong shape and `.noUsableKey` when no key is left.
    public init(json: [UInt8]) throws(JOSEError) {
        guard json.count <= Self.maxBytes else { throw .malformed("key set larger than \(Self.maxBytes) bytes") }
        let document: [String: JSONValue]
        do {
            document = try JSONValue.parseObject(json, maxBytes: Self.maxBytes)
        } catch {
            throw .malformed("key set is not a JSON object")
        }
        guard case .array(let members)? = document["keys"] else { throw .malformed("key set has no keys array") }
        guard members.count <= Self.maxKeys else { throw .malformed("key set has more than \(Self.maxKeys) keys") }
        let keys = members.compactMap { member in member.objectValue.flatMap(JWK.parse) }
        try self.init(keys: keys)
    }

    /// A set of keys built elsewhere; at least one is required.
    public init(keys: [JWK]) throws(JOSEError) {
        guard !keys.isEmpty else { throw .noUsableKey }
        self.keys = keys
    }
}
