import Encoding

/// The claims of an ID token that passed every check (OIDC Core §2), plus all its claims as sent.
public struct IDTokenClaims: Sendable {
    public let iss: String
    public let sub: String
    public let aud: [String]
    public let exp: Int64
    public let iat: Int64
    public let nbf: Int64?
    public let nonce: String?
    public let tid: String?
    public let all: [String: JSONValue]

    public init(iss: String, sub: String, aud: [String], exp: Int64, iat: Int64, nbf: Int64?, nonce: String?, tid: String?,
                all: [String: JSONValue]) {
        self.iss = iss
        self.sub = sub
        self.aud = aud
        self.exp = exp
        self.iat = iat
        self.nbf = nbf
        self.nonce = nonce
        self.tid = tid
        self.all = all
    }
}
