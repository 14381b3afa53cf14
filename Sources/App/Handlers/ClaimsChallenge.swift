import Encoding

/// Reads the `claims` parameter of a `WWW-Authenticate: Bearer` challenge (Microsoft continuous access
/// evaluation: `error="insufficient_claims", claims="<base64 JSON>"`), returning the decoded JSON text.
enum ClaimsChallenge {
    static func claims(in header: String) -> String? {
        guard header.utf8.count <= 8192, header.lowercased().hasPrefix("bearer") else { return nil }
        var params: [String: String] = [:]
        var rest = Substring(header.dropFirst(6))
        while !rest.isEmpty {
            rest = rest.drop(while: { $0 == " " || $0 == "," })
            guard let eq = rest.firstIndex(of: "=") else { break }
            let name = rest[..<eq].trimmingSpaces().lowercased()
            rest = rest[rest.index(after: eq)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { return nil }
                value = String(rest[..<close])
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingSpaces()
                rest = rest[end...]
            }
            params[name] = value
        }
        guard params["error"] == "insufficient_claims", let encoded = params["claims"],
              let bytes = Base64.decodeLenient(encoded),
              (try? JSONValue.parseObject(bytes, maxBytes: 4096)) != nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
