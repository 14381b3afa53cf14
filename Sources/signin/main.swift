// signin.cgi: under a web server (GATEWAY_INTERFACE set) answers one CGI request; otherwise the operator's tool.
import App
import Effects
import Glibc

let environment = ProcessIO.environment()
let isCGI = environment.contains("GATEWAY_INTERFACE")

let settings = SettingsLoader.load(environment: environment, files: .system)
let log = StderrLogger()
let services = Services(
    http: LazyHTTPClient { CurlHTTPClient(caBundle: settings.caBundle, version: SigninVersion.string) },
    cache: LazyCache { FileCache(directory: settings.cacheDir, temporaryDirectory: environment["TMPDIR"], log: log) },
    clock: TestHooks.clock(SystemClock(), environment: environment),
    random: SystemRandom(),
    log: log)

if isCGI {
    let (response, includeBody) = CGIProgram.answer(environment: environment, settings: settings, services: services,
                                                    readBody: { ProcessIO.readStandardInput(count: $0) })
    ProcessIO.writeResponse(response, includeBody: includeBody)
    exit(0)
} else {
    let outcome = CommandLineTool.run(arguments: Array(CommandLine.arguments.dropFirst()), environment: environment.dictionary,
                                      settings: settings, services: services)
    ProcessIO.writeStandardOutput(Array(outcome.stdout.utf8))
    if !outcome.stderr.isEmpty { ProcessIO.writeStandardError(Array(outcome.stderr.utf8)) }
    exit(outcome.exitCode)
}
