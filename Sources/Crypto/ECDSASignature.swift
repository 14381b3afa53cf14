internal import COpenSSL

/// Converts between JOSE's raw `r || s` ECDSA signatures (RFC 7518 §3.4) and OpenSSL's DER ECDSA-Sig-Value.
enum ECDSASignature {
    /// DER for a raw signature of exactly two coordinates; nil for any other length.
    static func der(fromRaw raw: [UInt8], curve: ECCurve) -> [UInt8]? {
        let size = curve.coordinateSize
        guard raw.count == 2 * size, let sig = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(sig) }
        let r = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32(size), nil) }
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress.map { $0 + size }, Int32(size), nil) }
        guard let r, let s, ECDSA_SIG_set0(sig, r, s) == 1 else {  // set0 takes ownership only on success
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(sig, nil)
        guard length > 0 else { return nil }
        var out = [UInt8](repeating: 0, count: Int(length))
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(sig, &cursor)
        }
        return written == length ? out : nil
    }

    /// Raw `r || s`, each left-padded to the curve's coordinate size; nil for DER that does not parse exactly.
    static func raw(fromDER der: [UInt8], curve: ECCurve) -> [UInt8]? {
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let sig = parsed else { return nil }
        defer { ECDSA_SIG_free(sig) }
        guard let r = ECDSA_SIG_get0_r(sig), let s = ECDSA_SIG_get0_s(sig),
              let rBytes = BigNumber.bytes(of: r, paddedTo: curve.coordinateSize),
              let sBytes = BigNumber.bytes(of: s, paddedTo: curve.coordinateSize) else { return nil }
        return rBytes + sBytes
    }
}
