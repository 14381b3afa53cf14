import Effects

/// Everything a request needs from outside the pure function: the seams of DESIGN.md.
public struct Services: Sendable {
    public var http: any HTTPClient
    public var cache: any Cache
    public var clock: any Clock
    public var random: any RandomSource
    public var log: any Logger

    public init(http: any HTTPClient, cache: any Cache, clock: any Clock, random: any RandomSource, log: any Logger) {
        self.http = http
        self.cache = cache
        self.clock = clock
        self.random = random
        self.log = log
    }
}

/// A clock moved by the test-only `SIGNIN_TEST_TIME_OFFSET` setting.
struct OffsetClock: Clock {
    let base: any Clock
    let offset: Int64
    var now: Int64 { base.now + offset }
}
