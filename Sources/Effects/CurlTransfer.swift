internal import CCurl

/// What one transfer collects from libcurl's callbacks. libcurl receives it as an unretained
/// pointer (`Unmanaged`); the caller keeps it alive for the whole of `curl_easy_perform`.
final class CurlTransfer {
    /// The longest header line kept; longer lines are cut to this length.
    static let maxHeaderLineBytes = 8192

    let maxBytes: Int
    private(set) var body: [UInt8] = []
    private(set) var headers: [(String, String)] = []
    /// Set when the response outgrew `maxBytes`; the transfer was aborted because of it.
    private(set) var exceeded = false
    private var headerBytes = 0

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// Appends a piece of the body; false (abort the transfer) once the cap would be passed.
    func appendBody(_ piece: UnsafeRawBufferPointer) -> Bool {
        guard body.count + piece.count <= maxBytes else {
            exceeded = true
            return false
        }
        body.append(contentsOf: piece)
        return true
    }

    /// Takes one header line as libcurl delivers it (CRLF included). A status line starts a new
    /// response, so only the last response's fields are kept (after a 100 Continue, say).
    /// Returns false (abort the transfer) once header bytes pass the response cap.
    func appendHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        headerBytes += line.count
        guard headerBytes <= maxBytes else {
            exceeded = true
            return false
        }
        var bytes = Array(line.prefix(Self.maxHeaderLineBytes))
        while let last = bytes.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: "\n") {
            bytes.removeLast()
        }
        if bytes.starts(with: Array("HTTP/".utf8)) {
            headers.removeAll()
            return true
        }
        guard let first = bytes.first else { return true }
        let text = String(decoding: bytes, as: UTF8.self)
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            // obs-fold (RFC 9112 §5.2): a continuation of the previous field's value.
            if let last = headers.indices.last {
                headers[last].1 += " " + Self.trimmed(Substring(text))
            }
            return true
        }
        guard let colon = text.firstIndex(of: ":") else { return true }
        let name = Self.trimmed(text[..<colon]).lowercased()
        guard !name.isEmpty else { return true }
        headers.append((name, Self.trimmed(text[text.index(after: colon)...])))
        return true
    }

    private static func trimmed(_ text: Substring) -> String {
        var view = text
        while let c = view.first, c == " " || c == "\t" { view.removeFirst() }
        while let c = view.last, c == " " || c == "\t" { view.removeLast() }
        return String(view)
    }
}

/// The C callbacks: they capture nothing and find their `CurlTransfer` through `userdata`.
enum CurlCallbacks {
    static let write: signin_curl_write_callback = { data, size, count, userdata in
        deliver(data, size, count, userdata) { $0.appendBody($1) }
    }

    static let header: signin_curl_write_callback = { data, size, count, userdata in
        deliver(data, size, count, userdata) { $0.appendHeaderLine($1) }
    }

    /// Hands the bytes to `sink`; returns the count taken, which libcurl treats as an abort when it differs.
    private static func deliver(
        _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?,
        to sink: (CurlTransfer, UnsafeRawBufferPointer) -> Bool
    ) -> Int {
        guard let userdata else { return 0 }
        let (total, overflow) = size.multipliedReportingOverflow(by: count)
        guard !overflow else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : total)
        return sink(transfer, bytes) ? total : 0
    }
}
