extension Array where Element == String {
    /// The elements with `separator` between them, exactly as `joined(separator:)` gives them.
    ///
    /// Compiled for `[String]` itself: under -Osize the standard library's `joined(separator:)` runs unspecialized and
    /// looks up its associated types at run time, a walk of the static binary's conformance records (bench/README.md).
    public func joined(with separator: String) -> String {
        var out = ""
        for (index, part) in enumerated() {
            if index > 0 { out += separator }
            out += part
        }
        return out
    }
}
