import CGI
import Encoding

/// JSON answers for scripts on the same site (`/userinfo`): `application/json`, never a redirect.
enum JSONPages {
    static func response(_ status: Int, _ object: [String: JSONValue]) -> Response {
        var body = JSONValue.object(object).serialized()
        body.append(UInt8(ascii: "\n"))
        return Response(status: status, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")], body: body)
    }
}
