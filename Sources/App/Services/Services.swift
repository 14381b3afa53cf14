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
