import OIDC

/// `signin.cgi check-config`: loads the settings as the CGI would and reports each finding on one line, what is
/// wrong and the fix; then fetches the provider's metadata and keys afresh (never from the cache). Exit 0 when
/// all is well, 1 otherwise; warnings alone do not change it. No secret value is ever printed.
struct ConfigCheck {
    let settings: Settings
    let services: Services
    var baseURL: String? = nil
    var extraFindings: [Finding] = []

    struct Finding {
        enum Level: String { case ok, warning, problem }
        let level: Level
        let text: String
    }

    func run() -> CommandLineTool.Outcome {
        var findings = extraFindings
        for name in settings.missing {
            findings.append(Finding(level: .problem, text: "\(name) is missing: set it in the settings file or with SetEnv"))
        }
        for item in settings.invalid {
            findings.append(Finding(level: .problem, text: "\(item)"))
        }
        if AuthoritySettings(settings).ignoresUserFlows {
            findings.append(Finding(level: .warning, text: "the B2C user-flow settings are ignored without B2C_TENANT_NAME (as in the tutorial's library); set B2C_TENANT_NAME to use Azure AD B2C"))
        }
        switch Configuration.resolve(settings) {
        case .failure(let problems):
            for item in problems.invalid where !settings.invalid.contains(item) {
                findings.append(Finding(level: .problem, text: item))
            }
        case .success(let configuration):
            findings += providerFindings(configuration)
        }
        var out = ""
        for finding in findings { out += "\(finding.level.rawValue): \(finding.text)\n" }
        let problems = findings.filter { $0.level == .problem }.count
        out += problems == 0 ? "configuration ok\n" : "configuration has \(problems) problem(s)\n"
        return CommandLineTool.Outcome(stdout: out, stderr: "", exitCode: problems == 0 ? 0 : 1)
    }

    /// Reaches the provider: metadata and keys, fetched afresh.
    func providerFindings(_ configuration: Configuration) -> [Finding] {
        var findings: [Finding] = []
        let authority = configuration.authority
        findings.append(Finding(level: .ok, text: "metadata URL \(authority.metadataURL)"))
        let directory = ProviderDirectory(authority: authority, services: services, useCache: false)
        do {
            let metadata = try directory.metadata()
            findings.append(Finding(level: .ok, text: "issuer \(metadata.issuer)"))
            let keys = try directory.keys(metadata)
            findings.append(Finding(level: .ok, text: "\(keys.keys.count) signing key(s) at \(metadata.jwksURI)"))
            if metadata.endSessionEndpoint == nil {
                findings.append(Finding(level: .warning, text: "the provider has no end_session_endpoint; /logout returns to the index"))
            }
        } catch {
            findings.append(Finding(level: .problem, text: ProviderProblem.describe(error.log, url: authority.metadataURL)))
        }
        if let baseURL {
            let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            findings.append(Finding(level: .ok, text: "redirect URI to register: \(configuration.redirectURI ?? base + configuration.redirectPath)"))
        }
        return findings
    }
}

/// A provider failure as a sentence with its fix, for `check-config`.
enum ProviderProblem {
    static func describe(_ log: LogLine, url: String) -> String {
        let cause = log.details.first { $0.0 == "cause" }?.1
        let status = log.details.first { $0.0 == "status" }?.1
        switch log.reason {
        case .metadataUnreachable, .keysUnreachable:
            return "the provider cannot be reached at \(url) (\(cause ?? "connection failed")): check the authority's host name, the network, and CA_BUNDLE"
        case .metadataTimeout, .keysTimeout:
            return "the provider did not answer in time at \(url): check the network or a firewall"
        case .metadataStatus, .keysStatus:
            return "the provider answered HTTP \(status ?? "?") for \(url): check the authority (tenant name or id, no /v2.0 suffix)"
        case .metadataInvalid:
            return "the document at \(url) is not OpenID provider metadata: check the authority"
        case .issuerMismatch:
            return "the provider's metadata names an issuer this authority does not accept: check AUTHORITY / OIDC_AUTHORITY"
        case .keysInvalid:
            return "the provider's signing keys cannot be read"
        default:
            return "the provider could not be used (\(log.reason.rawValue))"
        }
    }
}
