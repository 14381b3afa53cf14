import CGI
import Effects

/// Hooks for the end-to-end tests, compiled only into the test build of the binary (`scripts/build --test-hooks`,
/// which defines `SIGNIN_TEST_HOOKS`); the release binary has none of this code or its setting name.
enum TestHooks {
    static func clock(_ base: any Clock, environment: Environment) -> any Clock {
        #if SIGNIN_TEST_HOOKS
        if let offset = timeOffset(environment) { return OffsetClock(base: base, offset: offset) }
        #endif
        return base
    }

    #if SIGNIN_TEST_HOOKS
    /// `SIGNIN_TEST_TIME_OFFSET` from the environment, else a `SIGNIN_TEST_TIME_OFFSET=<seconds>` line of the
    /// settings file named by `SIGNIN_CONFIG` (how the end-to-end harness passes settings).
    static func timeOffset(_ environment: Environment) -> Int64? {
        let name = "SIGNIN_TEST_TIME_OFFSET"
        if let text = environment[name] { return Int64(text) }
        guard let path = environment["SIGNIN_CONFIG"], let file = ProcessIO.readText(path, maxBytes: 64 * 1024) else { return nil }
        for line in file.split(separator: "\n") where line.hasPrefix(name + "=") {
            return Int64(line.dropFirst(name.count + 1))
        }
        return nil
    }
    #endif
}

#if SIGNIN_TEST_HOOKS
/// The system clock moved by `SIGNIN_TEST_TIME_OFFSET` seconds, so end-to-end tests can move time forward.
struct OffsetClock: Clock {
    let base: any Clock
    let offset: Int64
    var now: Int64 { base.now + offset }
}
#endif
