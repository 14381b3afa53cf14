import Encoding

/// Typed reads of a JWT claims set (RFC 7519 §4.1), each failure a `.claim(name, reason)` error.
struct ClaimReader {
    let claims: [String: JSONValue]

    /// A required string claim.
    func string(_ name: String) throws(JOSEError) -> String {
        guard let value = claims[name] else { throw .claim(name, "missing") }
        guard let s = value.stringValue else { throw .claim(name, "not a string") }
        return s
    }

    /// An optional string claim: absent is nil, any other type is an error.
    func optionalString(_ name: String) throws(JOSEError) -> String? {
        guard claims[name] != nil else { return nil }
        return try string(name)
    }

    /// A required NumericDate (RFC 7519 §2): a whole, non-negative number of seconds that fits exactly;
    /// strings, fractions, negatives and values like 1e300 are refused.
    func numericDate(_ name: String) throws(JOSEError) -> Int64 {
        guard let value = claims[name] else { throw .claim(name, "missing") }
        guard case .number = value else { throw .claim(name, "not a number") }
        guard let n = value.int64Value, n >= 0 else { throw .claim(name, "not a whole number of seconds in range") }
        return n
    }

    /// An optional NumericDate.
    func optionalNumericDate(_ name: String) throws(JOSEError) -> Int64? {
        guard claims[name] != nil else { return nil }
        return try numericDate(name)
    }

    /// `aud`: one string or an array of strings (RFC 7519 §4.1.3), never empty.
    func audience() throws(JOSEError) -> [String] {
        guard let value = claims["aud"] else { throw .claim("aud", "missing") }
        guard let list = value.stringArrayValue, !list.isEmpty else { throw .claim("aud", "not a string or an array of strings") }
        return list
    }
}
