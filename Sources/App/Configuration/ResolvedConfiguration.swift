/// What `Configuration.resolve` gives: a configuration, or every problem that keeps the settings from making one.
///
/// Not `Result<Configuration, ConfigurationProblems>`: under -Osize copying a `Result` instantiates its metadata at
/// run time, which checks `Failure: Error` by walking every conformance record of the static binary, once per process
/// (bench/README.md).
enum ResolvedConfiguration: Sendable {
    case ready(Configuration)
    case incomplete(ConfigurationProblems)

    /// The configuration, or its problems thrown.
    func get() throws(ConfigurationProblems) -> Configuration {
        switch self {
        case .ready(let configuration): return configuration
        case .incomplete(let problems): throw problems
        }
    }
}
