// application/x-www-form-urlencoded and percent-decoding (WHATWG URL §5.1, RFC 3986 §2.1).
import CGI
import Encoding
import FuzzSupport

fuzz { bytes in
    let input = text(bytes)
    _ = Percent.decode(input)
    _ = Percent.decode(input, plusAsSpace: true)
    guard let pairs = Percent.formDecode(input) else { return }
    let form = FormData(pairs: pairs)
    for (name, _) in pairs.prefix(8) {
        _ = form.first(name)
        _ = form.isDuplicated(name)
    }
    // Encoding then decoding gives the same pairs back.
    let again = Percent.formDecode(Percent.formEncode(pairs))
    require(again.map { $0.map { [$0.0, $0.1] } } == pairs.map { [$0.0, $0.1] }, "formEncode/formDecode round trip")
}
