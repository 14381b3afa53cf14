// One CGI request (RFC 3875 §4.1) from an environment derived from the input, then its origin.
// Input: NUL-separated values for the variables below, in order; the last field is the body.
import CGI
import FuzzSupport

let names = ["REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "HTTP_COOKIE", "CONTENT_LENGTH",
             "CONTENT_TYPE", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "HTTPS", "HTTP_X_FORWARDED_PROTO",
             "HTTP_X_FORWARDED_HOST", "HTTP_TRANSFER_ENCODING", "HTTP_USER_AGENT"]

fuzz { bytes in
    let values = fields(bytes, count: names.count + 1)
    var env: [String: String] = [:]
    for (name, value) in zip(names, values) { env[name] = text(value) }
    let body = values.count > names.count ? values[names.count] : []
    guard let request = try? Request(environment: env, readBody: { Array(body.prefix($0)) }) else { return }
    for trust in [false, true] {
        _ = request.origin(trustForwardedHeaders: trust)
        _ = request.isHTTPS(trustForwardedHeaders: trust)
    }
}
