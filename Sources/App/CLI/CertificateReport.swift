import Crypto
import Encoding

/// What `check-config` says about `CLIENT_CERTIFICATE` (RFC 5280 §4.1.2.5 validity; RFC 7515 §4.1.7 and §4.1.8
/// thumbprints): the subject, both thumbprints in hex (the Entra portal's "Thumbprint" column is the SHA-1 one),
/// the expiry, a warning within 30 days of it, and a problem once expired or not yet valid.
enum CertificateReport {
    static let warningWindow: Int64 = 30 * 86400

    static func findings(path: String, now: Int64) -> [ConfigFinding] {
        do {
            return findings(try ClientCredentials.loadCertificate(path), path: path, now: now)
        } catch {
            guard case .configuration(let problems) = error.kind, let item = problems.invalid.first else {
                return [.problem("CLIENT_CERTIFICATE \(path) cannot be used: \(SettingsAdvice.fix(for: "CLIENT_CERTIFICATE"))", "CLIENT_CERTIFICATE")]
            }
            return [.problem(SettingsAdvice.sentence(forInvalid: item).text, "CLIENT_CERTIFICATE")]
        }
    }

    static func findings(_ certificate: ClientCertificate, path: String, now: Int64) -> [ConfigFinding] {
        var out: [ConfigFinding] = [
            .ok("CLIENT_CERTIFICATE \(path): subject \(certificate.subject)", "CLIENT_CERTIFICATE"),
            .ok("certificate SHA-1 thumbprint (the Entra portal's \"Thumbprint\") \(hex(certificate.sha1Thumbprint))", "CLIENT_CERTIFICATE"),
            .ok("certificate SHA-256 thumbprint \(hex(certificate.sha256Thumbprint))", "CLIENT_CERTIFICATE"),
        ]
        let until = "valid \(date(certificate.notBefore)) to \(date(certificate.notAfter))"
        if now < certificate.notBefore {
            out.append(.problem("the certificate is not valid yet (\(until)): check the clock, or use a certificate valid now", "CLIENT_CERTIFICATE"))
        } else if now >= certificate.notAfter {
            out.append(.problem("the certificate has expired (\(until)): make a new one, upload it to the app registration, and point CLIENT_CERTIFICATE at it", "CLIENT_CERTIFICATE"))
        } else if certificate.notAfter - now < warningWindow {
            let days = (certificate.notAfter - now) / 86400
            out.append(.warning("the certificate expires in \(days) day(s) (\(until)): make a new one and upload it to the app registration before then", "CLIENT_CERTIFICATE"))
        } else {
            out.append(.ok("the certificate is \(until)", "CLIENT_CERTIFICATE"))
        }
        return out
    }

    /// Upper-case hex, as the Entra portal shows thumbprints.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }

    /// e.g. `2026-03-01T12:00:00Z`.
    static func date(_ seconds: Int64) -> String {
        CivilDate.iso8601(seconds)
    }
}
