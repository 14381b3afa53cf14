/// Integers in decimal, as `description` writes them, without the standard library's generic integer printing: in
/// this binary that runs unspecialized from pages of code a request would otherwise never touch.
public enum DecimalText {
    /// `value.description`.
    public static func string(_ value: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A non-negative `value` with zeros in front up to `width` digits (dates' fields: `07`, `0042`).
    public static func padded(_ value: Int64, width: Int) -> String {
        var digits = 1
        var rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        var out: [UInt8] = []
        out.reserveCapacity(max(width, digits))
        for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The digits of `value`, `-` first when negative, appended to `out`.
    public static func append(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        var place: UInt64 = 1
        while rest / place >= 10 { place *= 10 }
        while true {
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / place))
            rest %= place
            if place == 1 { break }
            place /= 10
        }
    }
}
