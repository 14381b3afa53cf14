import Crypto
import Effects
import KeyFixtures
import OIDC
import Testing
@testable import App

/// `check-config`'s pure judgements and its report on a fake provider (README "Command line").
@Suite struct ConfigCheckTests {
    @Test("an unknown name gets the closest setting", arguments: [
        ("SESSION_SECERT", "SESSION_SECRET"), ("CLIENT_SCRET", "CLIENT_SECRET"), ("client_id", "CLIENT_ID"),
        ("AUTHORTY", "AUTHORITY"), ("REDIRECT_PAHT", "REDIRECT_PATH"), ("SCOPES", "SCOPE"),
    ])
    func closest(name: String, expected: String) {
        #expect(SettingsAdvice.closestSetting(to: name) == expected)
    }

    @Test("a name far from every setting gets none", arguments: ["FLASK_ENV", "DEBUG", "X", "COLOR_SCHEME"])
    func noClosest(name: String) {
        #expect(SettingsAdvice.closestSetting(to: name) == nil)
    }

    @Test("edit distance counts a transposition as one edit")
    func distance() {
        #expect(SettingsAdvice.editDistance("SECERT", "SECRET") == 1)
        #expect(SettingsAdvice.editDistance("", "ABC") == 3)
        #expect(SettingsAdvice.editDistance("KITTEN", "SITTING") == 3)
    }

    @Test("the warning for an unknown name", arguments: [
        ("SESSION_SECERT", "did you mean SESSION_SECRET?"), ("client_id", "names are case-sensitive, write CLIENT_ID"),
        ("TENANT_ID", "put the tenant in AUTHORITY"), ("FLASK_ENV", "it may still be used as ${FLASK_ENV}"),
    ])
    func unknownName(name: String, fragment: String) {
        #expect(SettingsAdvice.unknownName(name).contains(fragment))
    }

    @Test("sample placeholders are recognised", arguments: [
        "<client id>", "<your authority url>", "https://login.microsoftonline.com/<tenant>", "your-client-id",
        "Enter_the_Application_Id_here", "https://login.microsoftonline.com/Enter_the_Tenant_Info_Here",
        "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "changeme", "TODO", "https://your-tenant.ciamlogin.com/",
    ])
    func placeholder(value: String) {
        #expect(SettingsAdvice.isPlaceholder(value))
    }

    @Test("real values are not placeholders", arguments: [
        "5f6c2a51-0f71-4a3e-9d7e-1d2b3c4d5e6f", "https://login.microsoftonline.com/contoso.onmicrosoft.com",
        "lIS8Q~x9FKlFM63hQ1CbWXdZ8_dMCvO8.Y0Ancbd", "https://login.microsoftonline.com/common", "B2C_1_susi", "taxxi",
    ])
    func notPlaceholder(value: String) {
        #expect(!SettingsAdvice.isPlaceholder(value))
    }

    @Test("a placeholder in a secret is named, never shown")
    func secretPlaceholder() {
        #expect(!SettingsAdvice.placeholder("CLIENT_SECRET", "<client secret>").contains("<client secret>"))
        #expect(SettingsAdvice.placeholder("CLIENT_ID", "<client id>").contains("<client id>"))
    }

    @Test("authority shapes signin.cgi does not take, with the corrected value", arguments: [
        ("AUTHORITY", "https://login.microsoftonline.com/contoso/v2.0", "remove /v2.0 (signin.cgi adds it): AUTHORITY=https://login.microsoftonline.com/contoso"),
        ("AUTHORITY", "https://login.microsoftonline.com/contoso/v2.0/", "AUTHORITY=https://login.microsoftonline.com/contoso"),
        ("AUTHORITY", "https://login.microsoftonline.com/contoso/v2.0/.well-known/openid-configuration", "give the authority, not the discovery URL: AUTHORITY=https://login.microsoftonline.com/contoso"),
        ("OIDC_AUTHORITY", "https://op.example/.well-known/openid-configuration", "OIDC_AUTHORITY=https://op.example"),
        ("OIDC_AUTHORITY", "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration", "OIDC_AUTHORITY=https://login.microsoftonline.com/t/v2.0"),
    ])
    func authorityShape(name: String, value: String, fragment: String) {
        #expect(SettingsAdvice.authorityShape(name: name, value)?.contains(fragment) == true)
    }

    @Test("good authorities pass", arguments: [
        ("AUTHORITY", "https://login.microsoftonline.com/contoso"), ("OIDC_AUTHORITY", "https://login.microsoftonline.com/common/v2.0"),
        ("OIDC_AUTHORITY", "https://op.example"),
    ])
    func authorityOK(name: String, value: String) {
        #expect(SettingsAdvice.authorityShape(name: name, value) == nil)
    }

    @Test("loader findings read as sentences with their fix")
    func sentences() {
        let secret = SettingsAdvice.sentence(forInvalid: "SESSION_SECRET (must be base64 of at least 32 random bytes)")
        #expect(secret.setting == "SESSION_SECRET")
        #expect(secret.text == "SESSION_SECRET must be base64 of at least 32 random bytes: make one with: signin.cgi new-secret")
        let authority = SettingsAdvice.sentence(forInvalid: "AUTHORITY (AUTHORITY must be https://<host>/<tenant>)")
        #expect(authority.text.hasPrefix("AUTHORITY must be https://<host>/<tenant>: set it to"))
        let file = SettingsAdvice.sentence(forInvalid: "settings file (/h/signin.env: mode 0644: readable by others; chmod 600 /h/signin.env)")
        #expect(file.text == "the settings file /h/signin.env was not read, so none of its settings apply (mode 0644: readable by others): chmod 600 /h/signin.env")
    }

    @Test("libcurl's reason words become sentences with the fix", arguments: [
        ("ssl_peer_certificate_or_ssh_remote_key_was_not_ok", "set CA_BUNDLE to your CA file"),
        ("problem_with_the_ssl_ca_cert_path_access_rights", "CA_BUNDLE names a readable PEM file"),
        ("couldnt_resolve_host_name", "host name does not resolve"),
        ("couldnt_connect_to_server", "nothing accepts connections"),
        ("ssl_connect_error", "TLS handshake failed"),
        ("some_new_reason", "some new reason: check"),
    ])
    func transport(cause: String, fragment: String) {
        #expect(ProviderProblem.transport(cause).contains(fragment))
    }

    @Test("quoting left half-done is flagged", arguments: ["\"abc", "abc'", "abc # the secret"])
    func quoting(value: String) {
        #expect(SettingsAdvice.quotingProblem(value) != nil)
    }

    // MARK: REDIRECT_URI (Configuration.resolve)

    @Test("REDIRECT_URI must end with REDIRECT_PATH", arguments: [
        ("https://h/cgi-bin/signin.cgi/getAToken", "/getAToken", true),
        ("https://h/auth/getAToken", "/getAToken", true),
        ("https://h/auth/getAToken?x=1", "/getAToken", true),
        ("https://h/cgi-bin/signin.cgi/callback", "/callback", true),
        ("https://h/cgi-bin/signin.cgi", "/getAToken", false),
        ("https://h/getATokenX", "/getAToken", false),
        ("https://h/xgetAToken", "/getAToken", false),
        ("https://h", "/getAToken", false),
        ("https://h/?next=/getAToken", "/getAToken", false),
        ("https://h/cgi-bin/signin.cgi/getAToken#x", "/getAToken", false),
        ("https://h/cgi-bin/signin.cgi/getAToken", "/callback", false),
    ])
    func redirectURI(uri: String, path: String, accepted: Bool) throws {
        let provider = try TestProvider()
        var env = provider.environmentSettings
        env["REDIRECT_URI"] = uri
        env["REDIRECT_PATH"] = path
        let settings = SettingsLoader.load(environment: env, readFile: { _ in nil })
        switch Configuration.resolve(settings) {
        case .ready(let configuration):
            #expect(accepted)
            #expect(configuration.redirectURI == uri)
        case .incomplete(let problems):
            #expect(!accepted)
            #expect(problems.invalid.contains { $0.hasPrefix("REDIRECT_URI (") })
        }
    }

    @Test("CLIENT_CERTIFICATE alone resolves to the certificate credential")
    func certificateCredential() throws {
        var env = try TestProvider().environmentSettings
        env["CLIENT_SECRET"] = nil
        env["CLIENT_CERTIFICATE"] = "/etc/signin/app.pem"
        guard case .ready(let configuration) = Configuration.resolve(SettingsLoader.load(environment: env, readFile: { _ in nil })),
              case .certificate(let path) = configuration.credential else {
            Issue.record("no certificate credential")
            return
        }
        #expect(path == "/etc/signin/app.pem")
    }

    // MARK: the certificate report

    @Test("the certificate's thumbprints, subject and validity")
    func certificate() throws {
        let cert = try ClientCertificate(pem: TestKey.fixture("CryptoTests/Fixtures/client-pkcs8.pem"))
        let middle = cert.notBefore + 86400
        let lines = CertificateReport.findings(cert, path: "/p.pem", now: middle)
        #expect(lines.allSatisfy { $0.level == .ok })
        #expect(lines.contains { $0.text.contains(CertificateReport.hex(cert.sha1Thumbprint)) && $0.text.contains("Thumbprint") })
        #expect(lines.contains { $0.text.contains(CertificateReport.hex(cert.sha256Thumbprint)) })
        #expect(lines.contains { $0.text.contains("CN=signin.cgi test client") })
        #expect(CertificateReport.hex([0x0a, 0xff]) == "0AFF")

        let soon = CertificateReport.findings(cert, path: "/p.pem", now: cert.notAfter - 10 * 86400)
        #expect(soon.last?.level == .warning && soon.last?.text.contains("expires in 10 day(s)") == true)
        #expect(CertificateReport.findings(cert, path: "/p.pem", now: cert.notAfter).last?.level == .problem)
        #expect(CertificateReport.findings(cert, path: "/p.pem", now: cert.notBefore - 1).last?.level == .problem)
    }

    // MARK: the whole report on the fake provider

    func check(_ extra: [String: String?], file: String? = nil, provider: TestProvider? = nil) throws -> CommandLineTool.Outcome {
        let provider = try provider ?? TestProvider()
        var env = provider.environmentSettings
        env["CACHE_DIR"] = "/nonexistent-signin-tests/cache"
        for (k, v) in extra { env[k] = v }
        if file != nil { env["SIGNIN_CONFIG"] = "/test/signin.env" }
        let settings = SettingsLoader.load(environment: env, readFile: { _ in file })
        let services = Services(http: provider.http, cache: provider.cache, clock: provider.clock, random: CountingRandom(), log: provider.log)
        var check = ConfigCheck(settings: settings, services: services, environment: env)
        check.probeCacheFolder = { _ in .usable }
        return check.run()
    }

    @Test("a good configuration: the provider's issuer and keys, exit 0, no secret")
    func good() throws {
        let out = try check([:])
        #expect(out.exitCode == 0)
        #expect(out.stdout.contains("ok: issuer https://op.test\n"))
        #expect(out.stdout.contains("1 signing key(s)"))
        #expect(!out.stdout.contains("s3cret-value") && !out.stdout.contains(TestProvider.secret))
        #expect(out.stdout.hasSuffix("configuration ok\n"))
    }

    @Test("a typo'd name in the file is a warning with the fix; exit stays 0")
    func typo() throws {
        let out = try check([:], file: "SESSION_SECERT=abc\n")
        #expect(out.exitCode == 0)
        #expect(out.stdout.contains("warning: SESSION_SECERT in the settings file is not a setting and is ignored: did you mean SESSION_SECRET?\n"))
        let missing = try check(["SESSION_SECRET": nil], file: "SESSION_SECERT=\(TestProvider.secret)\n")
        #expect(missing.exitCode == 1)
        #expect(missing.stdout.contains("problem: SESSION_SECRET is missing: the settings file has SESSION_SECERT, rename it to SESSION_SECRET\n"))
    }

    @Test("an AUTHORITY ending in /v2.0 is one problem line, exit 1")
    func v2() throws {
        let out = try check(["OIDC_AUTHORITY": nil, "AUTHORITY": "https://login.microsoftonline.com/contoso/v2.0"])
        #expect(out.exitCode == 1)
        let problems = out.stdout.split(separator: "\n").filter { $0.hasPrefix("problem:") }
        #expect(problems == ["problem: AUTHORITY ends in /v2.0: remove /v2.0 (signin.cgi adds it): AUTHORITY=https://login.microsoftonline.com/contoso"])
    }

    @Test("a discovery URL as OIDC_AUTHORITY is a problem")
    func discovery() throws {
        let out = try check(["OIDC_AUTHORITY": "https://op.test/.well-known/openid-configuration"])
        #expect(out.exitCode == 1)
        #expect(out.stdout.contains("problem: OIDC_AUTHORITY is a discovery URL: give the authority, not the discovery URL: OIDC_AUTHORITY=https://op.test\n"))
    }

    @Test("placeholders are problems; a placeholder secret is never echoed")
    func placeholders() throws {
        let out = try check(["CLIENT_ID": "<client id>", "CLIENT_SECRET": "<client secret>"])
        #expect(out.exitCode == 1)
        #expect(out.stdout.contains("problem: CLIENT_ID still holds a sample placeholder (<client id>)"))
        #expect(out.stdout.contains("problem: CLIENT_SECRET still holds a sample placeholder: "))
        #expect(!out.stdout.contains("<client secret>"))
    }

    @Test("a non-GUID CLIENT_ID for an Entra authority is a warning only")
    func clientIDShape() throws {
        let provider = try TestProvider()
        let out = try check(["OIDC_AUTHORITY": nil, "AUTHORITY": "https://login.microsoftonline.com/contoso"], provider: provider)
        #expect(out.stdout.contains("warning: CLIENT_ID is not a GUID"))
        let generic = try check([:])
        #expect(!generic.stdout.contains("CLIENT_ID is not a GUID"))
    }

    @Test("the secret's quoting is read as python-dotenv reads it: only its length is shown")
    func quotedSecret() throws {
        let out = try check(["CLIENT_SECRET": nil], file: "CLIENT_SECRET=\"abc\"  # the secret\n")
        #expect(out.exitCode == 0)
        #expect(out.stdout.contains("ok: CLIENT_SECRET is set (3 characters, from the settings file)\n"))
    }

    @Test("the provider down with a warm cache: a problem, and a note that sign-in still runs on the cache")
    func downWithWarmCache() throws {
        let provider = try TestProvider()
        #expect(try check([:], provider: provider).exitCode == 0)
        #expect(provider.cache.entries.isEmpty, "check-config leaves the CGI's cache as it is")
        let cgi = Services(http: provider.http, cache: provider.cache, clock: provider.clock, random: CountingRandom(), log: provider.log)
        let warm = ProviderDirectory(authority: try Authority.resolve(authority: nil, oidcAuthority: TestProvider.issuer, b2cTenant: nil, b2cFlow: nil),
                                     services: cgi)
        _ = try warm.keys(try warm.metadata())   // the CGI fills the cache
        let noCache = try check([:], provider: provider)
        #expect(!noCache.stdout.contains("cached"))
        provider.http.on(provider.metadataURL) { _ throws(HTTPError) in throw .transport("couldnt_connect_to_server") }
        let out = try check([:], provider: provider)
        #expect(out.exitCode == 1)
        #expect(out.stdout.contains("problem: the provider cannot be reached at https://op.test/.well-known/openid-configuration: nothing accepts connections"))
        #expect(out.stdout.contains("warning: meanwhile signin.cgi signs people in from its cache"))
    }

    @Test("the provider down with only the metadata cached: new sign-ins fail, and the report says so")
    func downWithMetadataOnly() throws {
        let provider = try TestProvider()
        let cgi = Services(http: provider.http, cache: provider.cache, clock: provider.clock, random: CountingRandom(), log: provider.log)
        _ = try ProviderDirectory(authority: try Authority.resolve(authority: nil, oidcAuthority: TestProvider.issuer, b2cTenant: nil, b2cFlow: nil),
                                  services: cgi).metadata()
        provider.http.on(provider.metadataURL) { _ throws(HTTPError) in throw .transport("couldnt_connect_to_server") }
        let out = try check([:], provider: provider)
        #expect(out.stdout.contains("warning: the cache still holds the provider's metadata but not its signing keys"))
        #expect(provider.http.calls(to: provider.jwksURL) == 0, "the look at the cache fetches nothing")
    }

    @Test("a refused settings file is one line: no list of settings it would have given")
    func refusedFile() throws {
        let provider = try TestProvider()
        let settings = SettingsLoader.load(environment: ["SIGNIN_CONFIG": "/h/signin.env"], files: .init(
            read: { path throws(SettingsFileProblem) in throw .mode(path: path, mode: 0o100644, suggested: 0o600) }, defaultPath: { nil }))
        let services = Services(http: provider.http, cache: provider.cache, clock: provider.clock, random: CountingRandom(), log: provider.log)
        let out = ConfigCheck(settings: settings, services: services, environment: ["SIGNIN_CONFIG": "/h/signin.env"]).run()
        #expect(out.exitCode == 1)
        let problems = out.stdout.split(separator: "\n").filter { $0.hasPrefix("problem:") }
        #expect(problems == ["problem: the settings file /h/signin.env was not read, so none of its settings apply (mode 0644: readable by others): chmod 600 /h/signin.env"])
    }
}
