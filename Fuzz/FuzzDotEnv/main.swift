// The settings-file reader (python-dotenv's syntax): any bytes give a document or a rejection, never a crash or a
// hang, and the same bytes always give the same document. (Names may hold odd characters exactly as python-dotenv
// reads them; such a name is never a setting.)
import Encoding
import FuzzSupport

fuzz { bytes in
    let lookup: (String) -> String? = { $0 == "HOME" ? "/home/u" : nil }
    let first = try? DotEnv.parse(bytes, environment: lookup)
    let second = try? DotEnv.parse(bytes, environment: lookup)
    require(first == second, "the same bytes gave two different documents")
}
