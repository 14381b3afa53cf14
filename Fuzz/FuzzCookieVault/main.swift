// A Cookie header (RFC 6265 §5.4) → chunks joined → vault opened under a fixed key; and a sealed round trip.
// Input: first byte picks the mode; the rest is the Cookie header (mode even) or a payload to seal (mode odd).
import CGI
import Cookies
import FuzzSupport

// SESSION_SECRET = bytes 0...31, as tests-e2e/interop/swift_sealed.json, so its cookies are seeds that open.
let vault = CookieVault(current: try! CookieKey(secret: Array(0..<32)), previous: [try! CookieKey(secret: Array(1..<33))])
let now: Int64 = 1_700_000_000

fuzz { bytes in
    guard let mode = bytes.first else { return }
    let rest = Array(bytes.dropFirst())
    if mode & 1 == 0 {
        let cookies = CookieHeader(header: text(rest))
        for name in cookies.names {
            _ = cookies.all(name)
            _ = try? vault.open(cookies.first(name) ?? "", purpose: .session, now: now)
        }
        for name in ["signin_session", "signin_login_x"] {
            if let joined = CookieChunks.read(name, from: cookies) {
                _ = try? vault.open(joined, purpose: .session, now: now)
                _ = try? vault.open(joined, purpose: .loginState, now: now)
            }
        }
    } else {
        guard let sealed = try? vault.seal(rest, purpose: .session, expiresAt: now + 60, compress: mode & 2 != 0,
                                           iv: Array(repeating: 7, count: 16)) else { return }
        let opened = try? vault.open(sealed, purpose: .session, now: now)
        require(opened?.payload == rest, "a sealed payload of \(rest.count) bytes did not open to itself")
        require((try? vault.open(sealed, purpose: .loginState, now: now)) == nil, "a session cookie opened as login state")
    }
}
