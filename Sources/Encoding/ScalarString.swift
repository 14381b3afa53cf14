/// A `String` built from Unicode scalars through their UTF-8 bytes.
///
/// `String.UnicodeScalarView`'s `append(contentsOf:)` is a generic the standard library does not inline, so each call
/// from here ran unspecialized: a runtime type lookup by mangled name and a scan of the binary's conformance records,
/// ~3,000 instructions per byte of a settings file (docs/startup.md). Encoding the scalars as UTF-8 and decoding the
/// bytes once is all inlinable code.
struct ScalarString {
    private var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        if scalar.isASCII {
            bytes.append(UInt8(truncatingIfNeeded: scalar.value))
        } else {
            UTF8.encode(scalar) { bytes.append($0) }
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The scalars' text, written straight into the string's own storage: its UTF-8 length first, then the bytes.
    static func make(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for scalar in scalars {
                if scalar.isASCII {
                    buffer[index] = UInt8(truncatingIfNeeded: scalar.value)
                    index += 1
                } else {
                    UTF8.encode(scalar) { byte in
                        buffer[index] = byte
                        index += 1
                    }
                }
            }
            return index
        }
    }
}
