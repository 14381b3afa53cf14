/// JSON text (RFC 8259) from a `JSONValue`, byte for byte what Foundation's JSONEncoder writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` (and `.prettyPrinted`): members sorted by name, only `"`, `\` and C0 controls escaped.
extension JSONValue {
    /// Compact (or pretty, two-space indented) text with sorted keys; `null` for a tree holding NaN or an infinity,
    /// which JSON cannot express (RFC 8259 §6).
    public func serialized(pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        guard write(into: &out, pretty: pretty, indent: 0) else { return Array("null".utf8) }
        return out
    }

    /// `serialized()` appended to `out`, without an array of its own.
    public func serialize(appendingTo out: inout [UInt8]) {
        let start = out.count
        guard write(into: &out, pretty: false, indent: 0) else {
            out.removeSubrange(start...)
            out.append(contentsOf: "null".utf8)
            return
        }
    }

    /// False when the tree holds a number JSON cannot express.
    private func write(into out: inout [UInt8], pretty: Bool, indent: Int) -> Bool {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let d):
            guard d.isFinite else { return false }
            if let n = int64Value {
                DecimalText.append(n, to: &out)
            } else {
                let text = d.description
                out.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
            }
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let elements):
            return Self.writeContainer(elements, open: UInt8(ascii: "["), close: UInt8(ascii: "]"), into: &out,
                                       pretty: pretty, indent: indent) { element, out in
                element.write(into: &out, pretty: pretty, indent: indent + 1)
            }
        case .object(let members):
            return Self.writeContainer(members.sorted { $0.key < $1.key }, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"),
                                       into: &out, pretty: pretty, indent: indent) { member, out in
                Self.writeString(member.key, into: &out)
                out.append(contentsOf: (pretty ? " : " : ":").utf8)
                return member.value.write(into: &out, pretty: pretty, indent: indent + 1)
            }
        }
        return true
    }

    /// Brackets around comma-separated items; pretty output puts each item on its own line, as JSONEncoder does
    /// (an empty container too becomes two lines: `[`, blank, `]`).
    private static func writeContainer<Item>(_ items: some Sequence<Item>, open: UInt8, close: UInt8, into out: inout [UInt8],
                                             pretty: Bool, indent: Int,
                                             item: (Item, inout [UInt8]) -> Bool) -> Bool {
        out.append(open)
        if pretty { out.append(0x0A) }
        var first = true
        for element in items {
            if !first { out.append(contentsOf: (pretty ? ",\n" : ",").utf8) }
            first = false
            if pretty { out.append(contentsOf: repeatElement(0x20, count: 2 * (indent + 1))) }
            guard item(element, &out) else { return false }
        }
        if pretty {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
        }
        out.append(close)
        return true
    }

    /// A string with `"`, `\` and U+0000–U+001F escaped (RFC 8259 §7); everything else as raw UTF-8. The runs
    /// between escapes are copied whole.
    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var plainFrom = 0
            for index in 0..<bytes.count {
                let b = bytes[index]
                guard b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainFrom..<index]))
                writeEscape(b, into: &out)
                plainFrom = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainFrom...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The escape of one byte that RFC 8259 §7 says must be escaped.
    private static func writeEscape(_ b: UInt8, into out: inout [UInt8]) {
        switch b {
        case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
        case 0x08: out.append(contentsOf: #"\b"#.utf8)
        case 0x09: out.append(contentsOf: #"\t"#.utf8)
        case 0x0A: out.append(contentsOf: #"\n"#.utf8)
        case 0x0C: out.append(contentsOf: #"\f"#.utf8)
        case 0x0D: out.append(contentsOf: #"\r"#.utf8)
        default:
            out.append(contentsOf: #"\u00"#.utf8)
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0xF)])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
