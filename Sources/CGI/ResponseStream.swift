/// A body written after the head in pieces rather than held in memory (RFC 3875 §6.3.3 allows any length);
/// its `length` is the `Content-Length` the head announces.
public protocol ResponseStream: Sendable {
    /// Exactly the number of bytes `write(to:)` produces.
    var length: Int64 { get }
    /// Hands the body to `sink` in chunks; false as soon as `sink` or the source fails (the rest is not written).
    func write(to sink: (UnsafeRawBufferPointer) -> Bool) -> Bool
}

/// What the HTTP semantics know about an opened regular file (from `fstat(2)`).
public struct FileAttributes: Equatable, Sendable {
    public var size: Int64
    public var modifiedSeconds: Int64
    public var modifiedNanoseconds: Int64
    public var inode: UInt64
    public var device: UInt64

    public init(size: Int64, modifiedSeconds: Int64, modifiedNanoseconds: Int64, inode: UInt64, device: UInt64) {
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
        self.device = device
    }
}

/// An opened regular file that can copy any part of itself, e.g. with `pread(2)`.
public protocol FileContents: AnyObject, Sendable {
    var attributes: FileAttributes { get }
    /// Copies `count` bytes from `offset` to `sink`; false on a read error, a short file or a refusing sink.
    func copy(offset: Int64, count: Int64, to sink: (UnsafeRawBufferPointer) -> Bool) -> Bool
}

/// The bytes `offset ..< offset + length` of an opened file, as a response body.
public struct FileSlice: ResponseStream {
    public let contents: any FileContents
    public let offset: Int64
    public let length: Int64

    public init(contents: any FileContents, offset: Int64, length: Int64) {
        self.contents = contents
        self.offset = offset
        self.length = length
    }

    public func write(to sink: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        contents.copy(offset: offset, count: length, to: sink)
    }
}
