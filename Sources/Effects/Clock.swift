#if canImport(Glibc)
import Glibc
#endif

/// The seam for the current time, in seconds since the Unix epoch.
public protocol Clock: Sendable {
    var now: Int64 { get }
}

/// The wall clock (`time(2)`).
public struct SystemClock: Clock {
    public init() {}

    public var now: Int64 { Int64(time(nil)) }
}
