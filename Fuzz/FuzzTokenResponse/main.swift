// The token endpoint's answer (RFC 6749 §5.1 success, §5.2 error). Input: first byte picks the HTTP status.
import FuzzSupport
import OIDC

let statuses = [200, 400, 401, 500, 302, 201]

fuzz { bytes in
    guard let first = bytes.first else { return }
    _ = try? TokenResponse.parse(status: statuses[Int(first) % statuses.count], body: Array(bytes.dropFirst()))
}
