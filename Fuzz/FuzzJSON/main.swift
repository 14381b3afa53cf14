// The JSON reader (RFC 8259); a value read back from its own serialization is the same value.
import Encoding
import FuzzSupport

fuzz { bytes in
    guard let value = try? JSONValue.parse(bytes) else { return }
    _ = value.displayText
    let again = try? JSONValue.parse(value.serialized())
    require(again == value, "serialize/parse round trip changed the value")
}
