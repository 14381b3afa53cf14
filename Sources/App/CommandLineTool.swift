import Encoding
import Effects
import OIDC

/// The operator's tool: the same binary run outside CGI (CONTRACT.md "Command line").
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
          signin.cgi check-config     load the settings, reach the provider, say what is wrong (exit 0 or 1)

        Under a web server (GATEWAY_INTERFACE set) it answers one CGI request. Routes: /, /login,
        REDIRECT_PATH (default /getAToken), /logout, /call_downstream_api.
        Settings come from the environment and the dotenv file named by SIGNIN_CONFIG (the environment wins):
          CLIENT_ID, CLIENT_SECRET, AUTHORITY, OIDC_AUTHORITY, B2C_TENANT_NAME, SIGNUPSIGNIN_USER_FLOW,
          EDITPROFILE_USER_FLOW, RESETPASSWORD_USER_FLOW, REDIRECT_PATH, REDIRECT_URI, SCOPE, ENDPOINT,
          SESSION_SECRET, SESSION_SECRET_PREVIOUS, CA_BUNDLE, CACHE_DIR, TRUST_FORWARDED_HEADERS,
          SESSION_IDLE_TIMEOUT, SESSION_MAX_LIFETIME

        """

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
            return checkConfig(settings: settings(), services: services())
        case nil:
            return Outcome(stdout: "", stderr: usage + "\nNo command given (and GATEWAY_INTERFACE is not set, so this is not a CGI request).\n", exitCode: 2)
        case let other?:
            return Outcome(stdout: "", stderr: "signin.cgi: unknown command '\(other.prefix(40))'; see --help\n", exitCode: 2)
        }
    }

    /// Loads the settings, resolves the authority, fetches metadata and keys; one line per finding.
    static func checkConfig(settings: Settings, services: Services) -> Outcome {
        var out = ""
        var problems = 0
        for name in settings.missing { out += "missing: \(name)\n"; problems += 1 }
        for item in settings.invalid { out += "invalid: \(item)\n"; problems += 1 }
        let authority: Authority
        do {
            authority = try Authority.resolve(authority: settings.authority, oidcAuthority: settings.oidcAuthority,
                                              b2cTenant: settings.b2cTenantName, b2cFlow: settings.signUpSignInFlow)
        } catch {
            out += "invalid: authority (\(error))\n"
            return Outcome(stdout: out + "configuration has \(problems + 1) problem(s)\n", stderr: "", exitCode: 1)
        }
        out += "ok: metadata URL \(authority.metadataURL)\n"
        let directory = ProviderDirectory(authority: authority, services: services)
        do {
            let metadata = try directory.metadata()
            out += "ok: issuer \(metadata.issuer)\n"
            let keys = try directory.keys(metadata)
            out += "ok: \(keys.keys.count) signing key(s) at \(metadata.jwksURI)\n"
            out += metadata.endSessionEndpoint == nil ? "note: provider has no end_session_endpoint; /logout returns to the index\n" : ""
        } catch {
            out += "error: \(error.reason)\n"
            problems += 1
        }
        out += problems == 0 ? "configuration ok\n" : "configuration has \(problems) problem(s)\n"
        return Outcome(stdout: out, stderr: "", exitCode: problems == 0 ? 0 : 1)
    }
}
