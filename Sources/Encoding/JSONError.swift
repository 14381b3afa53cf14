/// Why a JSON text was refused by the strict reader (RFC 8259, plus the limits of `JSONLimits`).
public enum JSONError: Error, Equatable, Sendable {
    /// The input is longer than `JSONLimits.maxBytes`.
    case tooLarge
    /// Arrays and objects nest deeper than `JSONLimits.maxDepth`.
    case tooDeep
    /// The text holds more values in all than `JSONLimits.maxValues`.
    case tooManyValues
    /// Not the JSON grammar (RFC 8259 §2–§7) at this byte offset: stray or missing token, trailing comma or
    /// garbage, leading zero, bad escape, raw control character in a string, byte order mark, empty input.
    case syntax(offset: Int)
    /// A string holds bytes that are not well-formed UTF-8 (RFC 8259 §8.1, RFC 3629 §3).
    case invalidUTF8
    /// A `\uXXXX` escape names half of a surrogate pair without the other half (RFC 8259 §7).
    case loneSurrogate
    /// An object names the same member twice, compared after unescaping (RFC 8259 §4, RFC 7515 §4, RFC 7519 §4).
    case duplicateMember
    /// A number too large for a finite Double, e.g. `1e999` (RFC 8259 §6).
    case numberOutOfRange
    /// `parseObject` got a valid JSON text that is not an object.
    case notAnObject
}
