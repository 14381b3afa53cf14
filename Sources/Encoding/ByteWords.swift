/// Eight bytes tested at once, as one 64-bit word ("Determine if a word has a zero byte" and "has a byte less than n"
/// of Sean Eron Anderson's Bit Twiddling Hacks): a test sets the high bit of at least every byte that matches and of
/// none when no byte does, so a word that tests clear can be skipped whole and any other is looked at byte by byte.
public enum ByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The word of `bytes` at `offset` (no alignment needed); `offset + 8` must be within the buffer.
    @inline(__always)
    static func word(_ base: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
    }

    /// Nonzero when a byte of `word` is `byte`.
    @inline(__always)
    static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs != 0
    }

    /// True when a byte of `word` is below `n` (at most 0x80) or is 0x80 or more.
    @inline(__always)
    static func hasBelowOrNonASCII(_ word: UInt64, _ n: UInt8) -> Bool {
        (word | (word &- ones &* UInt64(n))) & highs != 0
    }

    /// The index of the first `byte` in `bytes[from..<to]`, or `to` when there is none.
    public static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var i = from
        if let base = bytes.baseAddress {
            while to - i >= 8, !has(word(base, i), byte) { i += 8 }
        }
        while i < to, bytes[i] != byte { i += 1 }
        return i
    }
}
