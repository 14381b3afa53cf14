internal import COpenSSL

/// Key material in memory of its own, wiped with `OPENSSL_cleanse` (a wipe the compiler cannot drop as a dead
/// store) when the last reference goes. Best effort by nature: bytes a caller copies out (an `Array`, a
/// `String`) are beyond its reach, and Swift Strings cannot be wiped at all.
public final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer
    private let ownsStorage: Bool

    /// `count` zero bytes, to be filled through `withUnsafeMutableBytes`.
    public convenience init(count: Int) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 0), alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        self.init(wiping: buffer, deallocate: true)
    }

    /// A copy of `bytes` (the caller's array is not wiped; see `wipe(_:)`).
    public convenience init(_ bytes: [UInt8]) {
        self.init(count: bytes.count)
        bytes.withUnsafeBytes { source in storage.copyMemory(from: source) }
    }

    /// Adopts `buffer`: wiped on deinit, and deallocated unless `deallocate` is false (memory its owner frees).
    init(wiping buffer: UnsafeMutableRawBufferPointer, deallocate: Bool) {
        storage = buffer
        ownsStorage = deallocate
    }

    deinit {
        Self.wipe(storage)
        if ownsStorage { storage.deallocate() }
    }

    public var count: Int { storage.count }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(storage)
    }

    /// Overwrites `buffer` with zeros, as OpenSSL wipes its own keys.
    public static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        OPENSSL_cleanse(base, buffer.count)
    }

    /// Wipes an array's bytes in place (only this array's storage: a copy that shares none is untouched).
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { wipe($0) }
    }
}
