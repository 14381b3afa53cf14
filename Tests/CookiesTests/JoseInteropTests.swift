import Crypto
import Cookies
import Encoding
import Foundation
import Testing

/// Runs the repository's Python helpers (tests-e2e/interop/, joserfc + cryptography in .venv) on files in a temp folder.
enum JoseHelper {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".venv/bin/python")

    /// The helper could not run at all (no venv): the test fails, it is never skipped.
    struct Unavailable: Error, CustomStringConvertible { let description: String }
    /// The helper ran and exited non-zero (e.g. joserfc refused the cookie).
    struct Refused: Error, CustomStringConvertible { let description: String }

    /// Runs `tests-e2e/interop/<script>` on `request` (written as JSON) and returns its stdout.
    static func run(_ script: String, request: [String: Any]) throws -> [UInt8] {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Unavailable(description: """
                \(python.path) is missing: the JOSE interop test needs the test venv \
                (run scripts/test, or `source scripts/lib.sh && ensure_venv` in the repository)
                """)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signin-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let requestFile = folder.appendingPathComponent("request.json")
        try JSONSerialization.data(withJSONObject: request).write(to: requestFile)

        let process = Process()
        process.executableURL = python
        process.arguments = [repository.appendingPathComponent("tests-e2e/interop/\(script)").path, requestFile.path]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Refused(description: "\(script) exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
        }
        return [UInt8](output)
    }
}

@Suite("Interop with joserfc (an independent JOSE implementation)")
struct JoseInteropTests {
    /// Bytes that exercise JSON, non-ASCII text and binary alike.
    static let payload = Array(#"{"sub":"alice","name":"Zoë Ångström ✓","n":[1,2,3]}"#.utf8) + [0, 1, 0xfe, 0xff]

    @Test("joserfc decrypts what signin seals, with the contract's header", arguments: [false, true])
    func joserfcOpensSignin(_ compress: Bool) throws {
        let secret = try #require(Base64.decodeLenient(Base64.encode((0..<48).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })))
        let key = try CookieKey(secret: secret)
        let vault = CookieVault(current: key, previous: [])
        let jwe = try vault.seal(Self.payload, purpose: .session, expiresAt: Fixed.now + 600, compress: compress, iv: try SecureRandom.bytes(16))

        let output = try JoseHelper.run("jose_open.py", request: ["secret": Base64.urlEncode(secret), "jwe": jwe])
        let answer = try JSONValue.parseObject(output)
        #expect(answer["payload"]?.stringValue.flatMap { Base64.urlDecode($0) } == Self.payload)
        #expect(answer["kid"]?.stringValue == key.kid, "Python's HKDF derives the same kid")
        let header = try #require(answer["header"]?.objectValue)
        #expect(header["kid"]?.stringValue == key.kid)
        #expect(header["pur"]?.stringValue == "session")
        #expect(header["exp"]?.int64Value == Fixed.now + 600)
        #expect(header["zip"]?.stringValue == (compress ? "DEF" : nil))
    }

    @Test("joserfc refuses a signin cookie with one byte of ciphertext changed")
    func joserfcRejectsTampering() throws {
        let jwe = try Fixed.vault.seal(Self.payload, purpose: .session, expiresAt: Fixed.now + 600, compress: false, iv: try SecureRandom.bytes(16))
        var parts = jwe.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var ciphertext = try #require(Base64.urlDecode(parts[3]))
        ciphertext[0] ^= 1
        parts[3] = Base64.urlEncode(ciphertext)
        #expect(throws: JoseHelper.Refused.self) {
            try JoseHelper.run("jose_open.py", request: ["secret": Base64.urlEncode(Fixed.secret), "jwe": parts.joined(separator: ".")])
        }
    }

    func joserfcSeal(secret: [UInt8], purpose: String, compress: Bool) throws -> String {
        let request: [String: Any] = ["secret": Base64.urlEncode(secret), "payload": Base64.urlEncode(Self.payload),
                                      "purpose": purpose, "exp": Fixed.now + 600, "zip": compress]
        return String(decoding: try JoseHelper.run("jose_seal.py", request: request), as: UTF8.self)
    }

    @Test("signin opens what joserfc seals under the derived key", arguments: [false, true])
    func signinOpensJoserfc(_ compress: Bool) throws {
        let jwe = try joserfcSeal(secret: Fixed.secret, purpose: "login", compress: compress)
        let opened = try Fixed.vault.open(jwe, purpose: .loginState, now: Fixed.now)
        #expect(opened.payload == Self.payload)
        #expect(!opened.rotated)
        #expect(throws: VaultError.wrongPurpose) { try Fixed.vault.open(jwe, purpose: .session, now: Fixed.now) }
        #expect(throws: VaultError.expired) { try Fixed.vault.open(jwe, purpose: .loginState, now: Fixed.now + 600) }
    }

    @Test("a joserfc cookie under a previous secret opens as rotated")
    func joserfcPreviousKey() throws {
        let jwe = try joserfcSeal(secret: Fixed.otherSecret, purpose: "session", compress: true)
        let vault = CookieVault(current: Fixed.key, previous: [Fixed.otherKey])
        let opened = try vault.open(jwe, purpose: .session, now: Fixed.now)
        #expect(opened.payload == Self.payload && opened.rotated)
        #expect(throws: VaultError.unknownKey) { try Fixed.vault.open(jwe, purpose: .session, now: Fixed.now) }
    }
}

@Suite("The committed fixture tests-e2e/interop/swift_sealed.json")
struct SealedFixtureTests {
    @Test("every cookie in it still opens under CookieVault, so the Python suite checks today's format")
    func opens() throws {
        let url = JoseHelper.repository.appendingPathComponent("tests-e2e/interop/swift_sealed.json")
        let fixture = try JSONValue.parseObject([UInt8](Data(contentsOf: url)))
        let secret = try #require(fixture["secret"]?.stringValue.flatMap { Base64.urlDecode($0) })
        #expect(secret == Fixed.secret)
        #expect(fixture["kid"]?.stringValue == Fixed.key.kid)
        let cases = try #require(fixture["cases"].flatMap { if case .array(let a) = $0 { a } else { nil } })
        #expect(cases.count == 2)
        for item in cases {
            let purpose = try #require(item["purpose"]?.stringValue.flatMap(CookiePurpose.init(rawValue:)))
            let jwe = try #require(item["jwe"]?.stringValue)
            let opened = try Fixed.vault.open(jwe, purpose: purpose, now: Fixed.now)
            #expect(opened.payload == Array((item["payload"]?.stringValue ?? "").utf8))
        }
    }
}
