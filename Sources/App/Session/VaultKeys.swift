import Cookies

/// The cookie keys, derived (HKDF, README "Cookies") only when a cookie is opened or sealed:
/// a request that carries no cookie of ours, like a signed-out `/`, never starts OpenSSL.
/// The derived keys are `SecretBytes`, wiped when the vault goes. The secrets themselves are not: they arrive
/// as Swift Strings (environment, settings file) that cannot be wiped, so a copy here would buy nothing.
final class VaultKeys: @unchecked Sendable {
    private let current: [UInt8]
    private let previous: [[UInt8]]
    private var derived: CookieVault??

    init(current: [UInt8], previous: [[UInt8]]) {
        self.current = current
        self.previous = previous
    }

    /// The vault, or nil when the keys cannot be derived (a secret shorter than 32 bytes, or OpenSSL failing).
    var vault: CookieVault? {
        if let derived { return derived }
        var made: CookieVault?
        if let key = try? CookieKey(secret: current) {
            made = CookieVault(current: key, previous: previous.compactMap { try? CookieKey(secret: $0) })
        }
        derived = .some(made)
        return made
    }
}
