/// Bounds the strict JSON reader puts on hostile input (RFC 8259 §9 lets a parser limit size and nesting).
public struct JSONLimits: Sendable, Equatable {
    /// Longest accepted text in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of arrays and objects; the reader recurses at most this deep.
    public var maxDepth: Int
    /// Most values (scalars, arrays, objects, member values) in the whole text.
    public var maxValues: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 32, maxValues: Int = 1 << 18) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxValues = maxValues
    }
}
