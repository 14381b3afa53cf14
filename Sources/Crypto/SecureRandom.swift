internal import COpenSSL
import Glibc

/// Cryptographically secure random bytes from the kernel's CSPRNG (getrandom(2)), which is also what
/// seeds OpenSSL's DRBG; asking the kernel directly spares each CGI process instantiating that DRBG
/// (about 3 million instructions). OpenSSL's RAND_bytes remains the fallback.
public enum SecureRandom {
    /// `count` random bytes; throws when neither source can deliver.
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        guard count >= 0, count <= Int(Int32.max) else { throw .invalidInput("random byte count") }
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        if fillFromKernel(&out) { return out }
        OpenSSLLibrary.ensureInitialized()
        let rc = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard rc == 1 else { throw .lastOpenSSL("RAND_bytes") }
        return out
    }

    /// Fills `buffer` with getrandom(2) (blocking until the kernel pool is initialized, never after); false on failure.
    static func fillFromKernel(_ buffer: inout [UInt8]) -> Bool {
        var filled = 0
        let total = buffer.count
        while filled < total {
            let n = buffer.withUnsafeMutableBytes { getrandom($0.baseAddress! + filled, total - filled, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            filled += n
        }
        return true
    }
}
