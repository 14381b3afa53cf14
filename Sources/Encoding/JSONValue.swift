import FoundationEssentials

/// Any JSON value (RFC 8259), for documents whose shape is checked field by field rather than trusted.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

public enum JSONError: Error, Equatable {
    case tooLarge
    case malformed
    case notAnObject
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
            if d.isFinite, d == d.rounded(), abs(d) < 9.007199254740992e15 { try container.encode(Int64(d)) } else { try container.encode(d) }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

extension JSONValue {
    /// Parses a JSON text of at most `maxBytes` bytes.
    public static func parse(_ bytes: some Collection<UInt8>, maxBytes: Int = 1 << 20) throws(JSONError) -> JSONValue {
        guard bytes.count <= maxBytes else { throw .tooLarge }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw .malformed
        }
    }

    /// Parses a JSON text that must be an object.
    public static func parseObject(_ bytes: some Collection<UInt8>, maxBytes: Int = 1 << 20) throws(JSONError) -> [String: JSONValue] {
        guard case .object(let o) = try parse(bytes, maxBytes: maxBytes) else { throw .notAnObject }
        return o
    }

    /// Compact serialization with sorted keys.
    public func serialized(pretty: Bool = false) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? [UInt8](encoder.encode(self))) ?? Array("null".utf8)
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

    /// A whole number that fits Int64 exactly; nil for fractions, NaN, infinities and values like 1e300.
    public var int64Value: Int64? {
        guard case .number(let d) = self, d.isFinite, d == d.rounded(.towardZero),
              d >= -9.007199254740992e15, d <= 9.007199254740992e15 else { return nil }
        return Int64(d)
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
