import Encoding

/// The members of a cookie payload's JSON object (RFC 8259 §4), read by type: a required member must be there
/// with its type, an optional one may be absent or `null`; any other shape makes the whole payload unreadable.
/// Numbers must be whole and exact (`JSONValue.int64Value`). Unknown members are ignored.
struct PayloadFields {
    /// The payload is not the object its type expects.
    struct Unreadable: Error {}

    let members: [String: JSONValue]

    /// The object of a strict JSON text.
    init(json bytes: [UInt8]) throws(Unreadable) {
        guard case .object(let members)? = try? JSONValue.parse(bytes) else { throw Unreadable() }
        self.members = members
    }

    func string(_ name: String) throws(Unreadable) -> String {
        guard let s = try optionalString(name) else { throw Unreadable() }
        return s
    }

    func optionalString(_ name: String) throws(Unreadable) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw Unreadable()
        }
    }

    func int64(_ name: String) throws(Unreadable) -> Int64 {
        guard let n = try optionalInt64(name) else { throw Unreadable() }
        return n
    }

    func optionalInt64(_ name: String) throws(Unreadable) -> Int64? {
        switch members[name] {
        case nil, .null?: return nil
        case let value?:
            guard let n = value.int64Value else { throw Unreadable() }
            return n
        }
    }

    func optionalBool(_ name: String) throws(Unreadable) -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw Unreadable()
        }
    }

    func object(_ name: String) throws(Unreadable) -> [String: JSONValue] {
        guard case .object(let o)? = members[name] else { throw Unreadable() }
        return o
    }
}

/// A payload being written: members set in any order, serialized with sorted names by `JSONValue.serialized`
/// (as JSONEncoder's `.sortedKeys` wrote them); nil values are left out.
struct PayloadMembers {
    private(set) var members: [String: JSONValue] = [:]

    init() { members.reserveCapacity(16) }

    mutating func set(_ name: String, _ value: String?) {
        if let value { members[name] = .string(value) }
    }

    mutating func set(_ name: String, _ value: Int64?) {
        if let value { members[name] = .number(Double(value)) }
    }

    mutating func set(_ name: String, _ value: Bool?) {
        if let value { members[name] = .bool(value) }
    }

    mutating func set(_ name: String, _ value: [String: JSONValue]) {
        members[name] = .object(value)
    }

    var bytes: [UInt8] { JSONValue.object(members).serialized() }
}
