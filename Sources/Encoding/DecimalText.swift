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
