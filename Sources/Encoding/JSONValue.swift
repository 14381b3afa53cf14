/// Any JSON value (RFC 8259), for documents whose shape is checked field by field rather than trusted.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Most common shapes first: every failed attempt costs a thrown DecodingError.
        if container.decodeNil() { self = .null; return }
        if let s = try? container.decode(String.self) { self = .string(s); return }
        if let o = try? container.decode([String: JSONValue].self) { self = .object(o); return }
        if let a = try? container.decode([JSONValue].self) { self = .array(a); return }
        if let b = try? container.decode(Bool.self) { self = .bool(b); return }
        if let d = try? container.decode(Double.self) { self = .number(d); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not JSON")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let d):
            if let n = int64Value { try container.encode(n) } else { try container.encode(d) }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

extension JSONValue {
    /// Parses one strict JSON text (RFC 8259) of at most `maxBytes` bytes; see `JSONError` for what is refused.
    public static func parse(_ bytes: [UInt8], maxBytes: Int = 1 << 20) throws(JSONError) -> JSONValue {
        try parse(bytes, limits: JSONLimits(maxBytes: maxBytes))
    }

    /// Parses one strict JSON text (RFC 8259) within `limits`.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in try JSONReader.read(buffer, limits: limits) }
    }

    /// Parses one strict JSON text (RFC 8259) within `limits`, straight from borrowed bytes.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits = JSONLimits()) throws(JSONError) -> JSONValue {
        try JSONReader.read(bytes, limits: limits)
    }

    /// Any other byte collection: copied once, then read as above.
    @inlinable @_disfavoredOverload
    public static func parse(_ bytes: some Collection<UInt8>, maxBytes: Int = 1 << 20) throws(JSONError) -> JSONValue {
        guard bytes.count <= maxBytes else { throw .tooLarge }
        return try parse(Array(bytes), maxBytes: maxBytes)
    }

    /// Parses a strict JSON text that must be an object (the shape of every JOSE header, claims set and JWK set).
    public static func parseObject(_ bytes: [UInt8], maxBytes: Int = 1 << 20) throws(JSONError) -> [String: JSONValue] {
        guard case .object(let o) = try parse(bytes, maxBytes: maxBytes) else { throw .notAnObject }
        return o
    }

    /// Any other byte collection: copied once, then read as above.
    @inlinable @_disfavoredOverload
    public static func parseObject(_ bytes: some Collection<UInt8>, maxBytes: Int = 1 << 20) throws(JSONError) -> [String: JSONValue] {
        guard bytes.count <= maxBytes else { throw .tooLarge }
        return try parseObject(Array(bytes), maxBytes: maxBytes)
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// A whole number below 2^53 in magnitude, so exact in Int64 and in Double; nil for fractions, NaN, infinities, 1e300.
    public var int64Value: Int64? {
        // Below 2^53 every whole Double is exact, and an integer literal of 2^53 or more rounds to at least 2^53.
        // NaN fails the comparison; inside the bound the conversion cannot trap.
        guard case .number(let d) = self, abs(d) < 9.007199254740992e15 else { return nil }
        let n = Int64(d)
        return Double(n) == d ? n : nil
    }

    /// Strings of a string-or-array-of-strings field (e.g. `aud`, RFC 7519 §4.1.3); nil for any other shape.
    public var stringArrayValue: [String]? {
        switch self {
        case .string(let s): return [s]
        case .array(let a):
            var out: [String] = []
            for v in a {
                guard let s = v.stringValue else { return nil }
                out.append(s)
            }
            return out
        default: return nil
        }
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Text for display: strings bare, everything else as compact JSON.
    public var displayText: String {
        if case .string(let s) = self { return s }
        return String(decoding: serialized(), as: UTF8.self)
    }
}
