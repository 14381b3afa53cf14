import Encoding

/// The JWE protected header of a sealed cookie (RFC 7516 §4): exactly `alg`, `enc`, `kid`, `pur`, `exp`, optionally `zip`.
struct ProtectedHeader: Equatable {
    static let algorithm = "dir"
    static let encryption = "A256CBC-HS512"
    static let compression = "DEF"
    static let maxEncodedLength = 512

    let kid: String
    let purpose: String
    let expiresAt: Int64
    let compressed: Bool

    /// base64url of the header JSON; its ASCII bytes are the AAD (RFC 7516 §5.1 step 14).
    var encoded: String {
        // kid is base64url and purpose one of our fixed names, so neither needs JSON escaping.
        var json = #"{"alg":"dir","enc":"A256CBC-HS512","exp":"# + DecimalText.string(expiresAt) + #","kid":"\#(kid)","pur":"\#(purpose)""#
        if compressed { json += #","zip":"DEF""# }
        json += "}"
        return Base64.urlEncode(Array(json.utf8))
    }

    /// Parses and checks the shape: `alg` = `dir`, `enc` = `A256CBC-HS512` (RFC 7518 §4.5, §5.2.5), `zip` absent or `DEF`
    /// (RFC 7516 §4.1.3), no `crit` (we understand no extension, §4.1.13), no other member, integer `exp`.
    /// `encoded` is the first part of the compact serialization (base64url of the header's JSON).
    static func parse(_ encoded: UnsafeBufferPointer<UInt8>) throws(VaultError) -> ProtectedHeader {
        guard encoded.count <= maxEncodedLength else { throw .malformed("header too long") }
        guard let json = Base64.urlDecode(encoded) else { throw .malformed("header is not base64url") }
        guard let object = json.withUnsafeBufferPointer({ FlatJSONObject($0) }) else {
            throw .malformed("header is not a flat JSON object")
        }
        if object["crit"] != nil { throw .malformed("header has crit") }
        let allowed = ["alg", "enc", "kid", "pur", "exp", "zip"]
        guard object.members.allSatisfy({ allowed.contains($0.name) }) else { throw .malformed("header has an unexpected member") }
        guard object["alg"] == .string(algorithm) else { throw .malformed("alg is not dir") }
        guard object["enc"] == .string(encryption) else { throw .malformed("enc is not A256CBC-HS512") }
        guard case .string(let kid) = object["kid"] else { throw .malformed("kid missing") }
        guard case .string(let purpose) = object["pur"] else { throw .malformed("pur missing") }
        guard case .integer(let expiresAt) = object["exp"] else { throw .malformed("exp is not an integer") }
        var compressed = false
        if let zip = object["zip"] {
            guard zip == .string(compression) else { throw .malformed("zip is not DEF") }
            compressed = true
        }
        return ProtectedHeader(kid: kid, purpose: purpose, expiresAt: expiresAt, compressed: compressed)
    }
}
