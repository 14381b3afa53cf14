import Crypto
#if canImport(Glibc)
import Glibc
#endif

/// The seam for randomness (state, nonce, PKCE verifier, cache temp names).
public protocol RandomSource: Sendable {
    func bytes(_ count: Int) -> [UInt8]
}

/// OpenSSL's CSPRNG (`RAND_bytes`), falling back to `/dev/urandom`.
///
/// When both fail the process stops with `fatalError`: a sign-in must never proceed with
/// predictable state, nonce or verifier values, and the seam has no way to report failure.
public struct SystemRandom: RandomSource {
    public init() {}

    public func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        if let bytes = try? SecureRandom.bytes(count) { return bytes }
        if let bytes = Self.readURandom(count) { return bytes }
        fatalError("signin: no source of secure random bytes (RAND_bytes and /dev/urandom both failed)")
    }

    /// Reads exactly `count` bytes from `/dev/urandom`, or nil.
    static func readURandom(_ count: Int) -> [UInt8]? {
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        return FileIO.readExactly(fd, count: count)
    }
}
