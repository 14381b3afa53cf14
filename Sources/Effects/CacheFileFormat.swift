import Crypto

/// How a cache entry is named and laid out on disk: `<readable prefix>-<hex SHA-256 of the key>`,
/// holding the line `signin-cache-v1 <storedAt>\n` followed by the cached bytes.
enum CacheFileFormat {
    /// The largest payload stored or read back.
    static let maxPayloadBytes = 1 << 20
    /// The largest header line accepted, newline included.
    static let maxHeaderBytes = 64
    static let maxFileBytes = maxPayloadBytes + maxHeaderBytes

    private static let magic = Array("signin-cache-v1 ".utf8)
    private static let newline = UInt8(ascii: "\n")

    /// A file name that stays inside the cache directory whatever the key holds: the prefix keeps
    /// only `[A-Za-z0-9_-]` (so no `/`, `.` or `..`), the digest keeps distinct keys apart.
    static func fileName(forKey key: String) -> String {
        var name = Array("k-".utf8)
        for scalar in key.unicodeScalars.prefix(40) {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": name.append(UInt8(truncatingIfNeeded: scalar.value))
            default: name.append(UInt8(ascii: "_"))
            }
        }
        name.append(UInt8(ascii: "-"))
        appendHex(SHA2.sha256(Array(key.utf8)), to: &name)
        return String(decoding: name, as: UTF8.self)
    }

    /// The file's bytes for `payload` stored at `storedAt`.
    static func encode(_ payload: [UInt8], storedAt: Int64) -> [UInt8] {
        magic + Array(String(storedAt).utf8) + [newline] + payload
    }

    /// The entry in `file`, or nil when its header is missing or malformed.
    static func decode(_ file: [UInt8]) -> CacheEntry? {
        guard let end = file.prefix(maxHeaderBytes).firstIndex(of: newline),
              file[..<end].starts(with: magic) else { return nil }
        let digits = file[magic.count..<end]
        guard (1...18).contains(digits.count),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let storedAt = Int64(String(decoding: digits, as: UTF8.self)) else { return nil }
        return CacheEntry(bytes: Array(file[(end + 1)...]), storedAt: storedAt)
    }

    /// Lowercase hexadecimal of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        appendHex(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendHex(_ bytes: [UInt8], to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out.reserveCapacity(out.count + bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
    }
}
