internal import COpenSSL

/// An application's X.509 certificate and its RSA private key, read from one PEM file, for signing client
/// assertions (RFC 7523 §2.2; Microsoft's "Microsoft identity platform application authentication
/// certificate credentials" names the certificate by its SHA-256 thumbprint, `x5t#S256`, RFC 7515 §4.1.8).
public final class ClientCertificate: @unchecked Sendable {  // immutable after init
    /// Smallest RSA modulus accepted (RFC 7518 §3.3, §3.5).
    public static let minimumRSABits = 2048

    public let signingKey: SigningKey
    /// The certificate's DER encoding (RFC 5280 §4.1).
    public let der: [UInt8]
    /// SHA-256 of the DER, the value behind `x5t#S256` (RFC 7515 §4.1.8).
    public let sha256Thumbprint: [UInt8]
    /// SHA-1 of the DER, the value behind `x5t` (RFC 7515 §4.1.7).
    public let sha1Thumbprint: [UInt8]
    /// Validity period as Unix seconds (RFC 5280 §4.1.2.5).
    public let notBefore: Int64
    public let notAfter: Int64
    /// The subject in RFC 2253 form, control characters escaped, for messages.
    public let subject: String

    /// Reads the private key and the certificate that matches it from `pem` (blocks in any order; other
    /// certificates, such as a chain, are ignored). Throws, naming why, when the key is missing, encrypted, not RSA,
    /// under 2048 bits, or when no certificate in the file carries its public key.
    public init(pem: [UInt8]) throws(CryptoError) {
        let key = try PEMReader.privateKey(pem)
        guard EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_RSA else {
            throw .invalidKey("the private key is not an RSA key (certificate credentials need RSA)")
        }
        let bits = Int(EVP_PKEY_get_bits(key.pointer))
        guard bits >= Self.minimumRSABits else {
            throw .invalidKey("the RSA key has \(bits) bits, fewer than \(Self.minimumRSABits)")
        }
        guard bits <= VerifyingKey.maximumRSABits else { throw .invalidKey("the RSA key has more than \(VerifyingKey.maximumRSABits) bits") }
        let certificates = try PEMReader.certificates(pem)
        guard !certificates.isEmpty else { throw .invalidInput("no CERTIFICATE block") }
        let matching = certificates.first { X509_check_private_key($0.pointer, key.pointer) == 1 }
        ERR_clear_error()
        guard let certificate = matching else { throw .invalidKey("the certificate does not match the private key") }
        signingKey = try SigningKey(key: key)
        der = try Self.der(certificate)
        sha256Thumbprint = try Self.digest(certificate, EVP_sha256())
        sha1Thumbprint = try Self.digest(certificate, EVP_sha1())
        notBefore = try Self.unixTime(X509_get0_notBefore(certificate.pointer))
        notAfter = try Self.unixTime(X509_get0_notAfter(certificate.pointer))
        subject = Self.text(X509_get_subject_name(certificate.pointer))
    }

    /// Signs a JWS input with the certificate's key; RS256 or PS256 for client assertions.
    public func sign(message: [UInt8], algorithm: SignatureAlgorithm) throws(CryptoError) -> [UInt8] {
        try signingKey.sign(message: message, algorithm: algorithm)
    }

    private static func der(_ certificate: X509Certificate) throws(CryptoError) -> [UInt8] {
        let length = i2d_X509(certificate.pointer, nil)
        guard length > 0 else { throw .lastOpenSSL("i2d_X509") }
        var out = [UInt8](repeating: 0, count: Int(length))
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(certificate.pointer, &cursor)
        }
        guard written == length else { throw .lastOpenSSL("i2d_X509") }
        return out
    }

    /// X509_digest: the hash of the certificate's DER encoding.
    private static func digest(_ certificate: X509Certificate, _ md: OpaquePointer?) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate.pointer, md, &out, &length) == 1 else { throw .lastOpenSSL("X509_digest") }
        return Array(out.prefix(Int(length)))
    }

    /// Seconds since 1970-01-01T00:00:00Z, by ASN1_TIME_diff from the epoch.
    private static func unixTime(_ time: UnsafePointer<ASN1_TIME>?) throws(CryptoError) -> Int64 {
        guard let time, let epoch = ASN1_TIME_set(nil, 0) else { throw .lastOpenSSL("ASN1_TIME_set") }
        defer { ASN1_TIME_free(epoch) }
        var days: Int32 = 0
        var seconds: Int32 = 0
        guard ASN1_TIME_diff(&days, &seconds, epoch, time) == 1 else { throw .invalidInput("the certificate's validity dates are malformed") }
        return Int64(days) * 86_400 + Int64(seconds)
    }

    /// X509_NAME_print_ex with RFC 2253 flags (which escape control characters).
    private static func text(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, signin_xn_flag_rfc2253) >= 0 else {
            ERR_clear_error()
            return ""
        }
        var data: UnsafeMutablePointer<CChar>?
        let length = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data)  // BIO_get_mem_data
        guard let data, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }
}
