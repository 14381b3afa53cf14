internal import COpenSSL

/// Every failure of the Crypto module: an OpenSSL call that failed, an unusable key, or input of the wrong shape.
public enum CryptoError: Error, Equatable {
    case openssl(String)
    case invalidKey(String)
    case invalidInput(String)
    /// Decompressed output would exceed the caller's limit (a decompression bomb).
    case outputTooLarge
}

extension CryptoError {
    /// An `.openssl` error naming the failed call and OpenSSL's first queued reason; empties the error queue.
    static func lastOpenSSL(_ call: String) -> CryptoError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return .openssl(call) }
        return .openssl("\(call): \(String(cString: reason))")
    }
}
