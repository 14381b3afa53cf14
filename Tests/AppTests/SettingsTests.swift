@testable import App
import JOSE
import Testing

@Suite("Settings")
struct SettingsTests {
    static let secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

    @Test("the environment wins over the dotenv file, which fills the rest")
    func environmentWins() {
        let file = """
            # comment
            CLIENT_ID=from-file
            export CLIENT_SECRET="file secret"
            SCOPE=User.Read Mail.Read
            SESSION_SECRET=\(Self.secret)
            """
        let s = SettingsLoader.load(environment: ["SIGNIN_CONFIG": "/x.env", "CLIENT_ID": "from-env"], readFile: { _ in file })
        #expect(s.clientID == "from-env")
        #expect(s.clientSecret == "file secret")
        #expect(s.scopes == ["User.Read", "Mail.Read"])
        #expect(s.isComplete)
    }

    @Test("HTTP_* variables are never settings")
    func httpVariablesIgnored() {
        let s = SettingsLoader.load(environment: ["HTTP_CLIENT_ID": "x", "HTTP_SESSION_SECRET": Self.secret], readFile: { _ in nil })
        #expect(s.clientID == nil)
        #expect(s.missing == ["CLIENT_ID", "CLIENT_SECRET", "SESSION_SECRET"])
    }

    @Test("${NAME} in the dotenv file expands from the environment, but never from HTTP_* variables")
    func expansionSkipsHTTPVariables() {
        let file = "CLIENT_ID=${TENANT_APP}\nCLIENT_SECRET=x${HTTP_X_SECRET}y\n"
        let s = SettingsLoader.load(environment: ["SIGNIN_CONFIG": "/x.env", "TENANT_APP": "app", "HTTP_X_SECRET": "from-client"],
                                    readFile: { _ in file })
        #expect(s.clientID == "app")
        #expect(s.clientSecret == "xy")
    }

    @Test("invalid values are named, never echoed", arguments: [
        ("REDIRECT_PATH", "/"), ("REDIRECT_PATH", "getAToken"), ("SESSION_SECRET", "c2hvcnQ="), ("ENDPOINT", "http://graph.test/me"),
        ("OIDC_AUTHORITY", "http://op.test"), ("SESSION_IDLE_TIMEOUT", "-5"), ("REDIRECT_URI", "ftp://x"),
    ])
    func invalid(name: String, value: String) {
        var env = ["CLIENT_ID": "c", "CLIENT_SECRET": "s", "SESSION_SECRET": Self.secret]
        env[name] = value
        let s = SettingsLoader.load(environment: env, readFile: { _ in nil })
        #expect(s.invalid.count == 1)
        #expect(s.invalid.first?.hasPrefix(name) == true)
        #expect(!(s.invalid.first ?? "").contains(value) || value.count < 3)
    }

    @Test("an https URL setting is https:// and at least one printable ASCII character more, nothing else",
          arguments: [("https://a", true), ("https://", false), ("https:/a.test", false), ("https://é.test", false),
                      ("https://a b", false), ("https://a\u{7F}", false), ("https://a.test/p?q=1", true)])
    func httpsURLRule(_ text: String, _ valid: Bool) {
        #expect(SettingsLoader.isHTTPSURL(text) == valid)
        #expect(SettingsLoader.isAbsoluteHTTPURL(text) == valid)
        // The same text over plain http: only an absolute http(s) URL, never an https one.
        let plain = "http" + text.dropFirst(5)
        #expect(!SettingsLoader.isHTTPSURL(plain))
        #expect(SettingsLoader.isAbsoluteHTTPURL(plain) == valid)
    }

    @Test("an unreadable SIGNIN_CONFIG is reported")
    func unreadableFile() {
        let s = SettingsLoader.load(environment: ["SIGNIN_CONFIG": "/nope"], readFile: { _ in nil })
        #expect(s.invalid.contains { $0.hasPrefix("settings file (/nope") })
    }

    @Test("previous secrets are accepted in either base64 alphabet")
    func previousSecrets() {
        let urlAlphabet = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
        let s = SettingsLoader.load(environment: ["SESSION_SECRET_PREVIOUS": "\(Self.secret), \(urlAlphabet)"], readFile: { _ in nil })
        #expect(s.previousSessionSecrets.count == 2)
    }
}

@Suite("RFC 9207 issuer parameter")
struct IssuerParameterTests {
    @Test("exact issuers match; the Entra {tenantid} template matches one GUID only", arguments: [
        ("https://op.test", "https://op.test", true),
        ("https://op.test/", "https://op.test", false),
        ("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", "https://login.microsoftonline.com/{tenantid}/v2.0", true),
        ("https://login.microsoftonline.com/evil/v2.0", "https://login.microsoftonline.com/{tenantid}/v2.0", false),
        ("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/x/v2.0", "https://login.microsoftonline.com/{tenantid}/v2.0", false),
    ])
    func matches(iss: String, expected: String, result: Bool) {
        #expect(IssuerTemplate.matches(iss, expected) == result)
    }
}

@Suite("ENDPOINT default")
struct EndpointDefaultTests {
    @Test("unset, ENDPOINT is the Graph of the authority's cloud; set, it is what was set", arguments: [
        ("https://login.microsoftonline.us/contoso.onmicrosoft.us", nil, "https://graph.microsoft.us/v1.0/me"),
        ("https://login.chinacloudapi.cn/contoso.partner.onmschina.cn", nil, "https://microsoftgraph.chinacloudapi.cn/v1.0/me"),
        ("https://login.microsoftonline.com/common", nil, "https://graph.microsoft.com/v1.0/me"),
        ("https://login.microsoftonline.us/contoso.onmicrosoft.us", "https://api.example.test/me", "https://api.example.test/me"),
    ] as [(String, String?, String)])
    func endpointDefault(authority: String, endpoint: String?, expected: String) throws {
        var env = ["CLIENT_ID": "c", "CLIENT_SECRET": "s", "SESSION_SECRET": SettingsTests.secret, "AUTHORITY": authority]
        if let endpoint { env["ENDPOINT"] = endpoint }
        let configuration = try Configuration.resolve(SettingsLoader.load(environment: env, readFile: { _ in nil })).get()
        #expect(configuration.endpoint == expected)
    }
}
