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

/// A payload being written: members set in any order, written with sorted names (as JSONEncoder's `.sortedKeys`
/// wrote them; each value by `JSONValue.serialized`); nil values are left out. No dictionary is built.
struct PayloadMembers {
    private struct Member {
        let name: String
        let value: JSONValue
    }

    private var members: [Member] = []

    init() { members.reserveCapacity(16) }

    mutating func set(_ name: String, _ value: String?) {
        if let value { members.append(Member(name: name, value: .string(value))) }
    }

    mutating func set(_ name: String, _ value: Int64?) {
        if let value { members.append(Member(name: name, value: .number(Double(value)))) }
    }

    mutating func set(_ name: String, _ value: Bool?) {
        if let value { members.append(Member(name: name, value: .bool(value))) }
    }

    mutating func set(_ name: String, _ value: [String: JSONValue]) {
        members.append(Member(name: name, value: .object(value)))
    }

    /// The object's text; each name is set once by the payload types, so sorting by name is the whole order.
    var bytes: [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(512)
        for (i, member) in members.sorted(by: { $0.name < $1.name }).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.string(member.name).serialize(appendingTo: &out)
            out.append(UInt8(ascii: ":"))
            member.value.serialize(appendingTo: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
