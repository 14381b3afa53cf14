internal import COpenSSL

/// One-time OpenSSL set-up, done before the first use by every entry point of this module.
/// A CGI process pays initialization on every request, so the host's `openssl.cnf` is not loaded
/// (a static binary must not depend on the host's OpenSSL configuration either) and the legacy
/// cipher name table is not filled; digests stay registered because certificate checks need them.
enum OpenSSLLibrary {
    private static let initialized: Bool = {
        OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ATEXIT), nil) == 1
    }()

    /// Initializes once; later calls cost a load and a branch.
    static func ensureInitialized() {
        _ = initialized
    }
}
