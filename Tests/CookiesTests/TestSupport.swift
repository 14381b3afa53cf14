@testable import Cookies
import Encoding

/// Test vectors are written in hex as in their RFCs.
func hex(_ s: String) -> [UInt8] {
    let digits = Array(s.filter(\.isHexDigit))
    return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
}

enum Fixed {
    /// The 32-byte secret 0x00…0x1f.
    static let secret: [UInt8] = Array(0...31)
    static let otherSecret: [UInt8] = Array(100...140)
    static let now: Int64 = 1_800_000_000
    static var key: CookieKey { try! CookieKey(secret: secret) }
    static var otherKey: CookieKey { try! CookieKey(secret: otherSecret) }
    static var vault: CookieVault { CookieVault(current: key, previous: []) }
}

/// Seals `plaintext` under `key` with an arbitrary protected-header JSON, bypassing the vault's own header,
/// so tests can present correctly authenticated cookies of shapes the vault never writes.
func sealRaw(headerJSON: String, plaintext: [UInt8], key: CookieKey, encryptedKey: String = "") throws -> String {
    let header = Base64.urlEncode(Array(headerJSON.utf8))
    let iv: [UInt8] = Array(repeating: 7, count: 16)
    let sealed = try A256CBCHS512.seal(key: key.key, iv: iv, aad: Array(header.utf8), plaintext: plaintext)
    return [header, encryptedKey, Base64.urlEncode(iv), Base64.urlEncode(sealed.ciphertext), Base64.urlEncode(sealed.tag)]
        .joined(separator: ".")
}

/// The protected header of a compact JWE, decoded.
func protectedHeader(_ jwe: String) throws -> [String: JSONValue] {
    let first = String(jwe.split(separator: ".", omittingEmptySubsequences: false)[0])
    return try JSONValue.parseObject(Base64.urlDecode(first) ?? [])
}
