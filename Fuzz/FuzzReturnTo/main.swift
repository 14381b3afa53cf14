// return_to: whatever is accepted, prefixed with our origin, is a URL on our own origin (one leading '/', no
// '//' or '/\' after it, no byte a browser would drop or reinterpret).
import CGI
import FuzzSupport

fuzz { bytes in
    guard case .success(let path) = ReturnPath.validate(text(bytes)) else { return }
    let b = Array(path.utf8)
    require(b.first == UInt8(ascii: "/"), "accepted a path that does not start with /")
    require(b.count == 1 || (b[1] != UInt8(ascii: "/") && b[1] != UInt8(ascii: "\\")), "accepted a network-path reference")
    require(b.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }, "accepted a control, space, backslash or non-ASCII byte")
}
