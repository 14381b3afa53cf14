import Encoding
import Effects
import OIDC

/// The operator's tool: the same binary run outside CGI (docs/contract.md "Command line").
public enum CommandLineTool {
    public struct Outcome {
        public var stdout: String
        public var stderr: String
        public var exitCode: Int32
    }

    static let usage = """
        signin.cgi \(SigninVersion.string) — Microsoft identity platform sign-in as one CGI program

        Usage:
          signin.cgi --help           this text
          signin.cgi --version        the version
          signin.cgi new-secret       print a fresh SESSION_SECRET (32 random bytes, base64)
          signin.cgi check-config [--base-url URL]
                                      load the settings, reach the provider afresh, say what is wrong and how
                                      to fix it (exit 0 or 1); with --base-url, the redirect URI to register

        Under a web server (GATEWAY_INTERFACE set) it answers one CGI request. Routes: \(RouteTable.fixedPaths.joined(separator: ", ")),
        REDIRECT_PATH (default /getAToken), /files/... (with PROTECTED_DIR).
        Settings come from the environment and the settings file (SIGNIN_CONFIG, else signin.env in the home
        folder of the account the program runs as); the environment wins:
        \(wrapped(Settings.names))

        """

    /// The names, comma-separated, wrapped at about 100 columns and indented.
    static func wrapped(_ names: [String]) -> String {
        var lines: [String] = []
        var line = " "
        for name in names {
            if line.count + name.count > 100 { lines.append(line); line = " " }
            line += " " + name + ","
        }
        lines.append(String(line.dropLast()))
        return lines.joined(separator: "\n")
    }

    public static func run(arguments: [String], environment: [String: String], settings: @autoclosure () -> Settings,
                           services: @autoclosure () -> Services) -> Outcome {
        switch arguments.first {
        case "--help", "-h", "help":
            return Outcome(stdout: usage, stderr: "", exitCode: 0)
        case "--version", "-V", "version":
            return Outcome(stdout: "signin.cgi \(SigninVersion.string)\n", stderr: "", exitCode: 0)
        case "new-secret":
            return Outcome(stdout: Base64.encode(services().random.bytes(32)) + "\n", stderr: "", exitCode: 0)
        case "check-config":
            var check = ConfigCheck(settings: settings(), services: services(), environment: environment)
            var rest = arguments.dropFirst()
            while let arg = rest.popFirst() {
                if arg == "--base-url", let url = rest.popFirst() {
                    check.baseURL = url
                } else if arg.hasPrefix("--base-url=") {
                    check.baseURL = String(arg.dropFirst("--base-url=".count))
                } else {
                    return Outcome(stdout: "", stderr: "signin.cgi check-config: unknown argument '\(arg.prefix(40))'; usage: check-config [--base-url URL]\n", exitCode: 2)
                }
            }
            return check.run()
        case nil:
            return Outcome(stdout: "", stderr: usage + "\nNo command given (and GATEWAY_INTERFACE is not set, so this is not a CGI request).\n", exitCode: 2)
        case let other?:
            return Outcome(stdout: "", stderr: "signin.cgi: unknown command '\(other.prefix(40))'; see --help\n", exitCode: 2)
        }
    }
}
