import Crypto
import Encoding

/// Validates an ID token per OpenID Connect Core §3.1.3.7, in a fixed order:
/// alg allow-list → key → signature → claims (iss, aud, azp, exp, nbf, iat, nonce, sub).
public struct IDTokenValidator: Sendable {
    /// Largest leeway honoured for clock skew.
    public static let maxLeeway: Int64 = 300
    /// Largest claims set parsed.
    static let maxPayloadBytes = 16384

    public let issuer: String
    public let clientID: String
    public let allowedAlgorithms: Set<SignatureAlgorithm>
    public let leeway: Int64

    /// `issuer` may contain "{tenantid}" (Entra multi-tenant), replaced by the token's GUID `tid`.
    /// `leeway` is clamped to 0...300 seconds. `SignatureAlgorithm` has no `none` and no HMAC member, so neither can be allowed.
    public init(issuer: String, clientID: String, allowedAlgorithms: Set<SignatureAlgorithm> = [.RS256, .PS256, .ES256],
                leeway: Int64 = 300) {
        self.issuer = issuer
        self.clientID = clientID
        self.allowedAlgorithms = allowedAlgorithms
        self.leeway = min(max(leeway, 0), Self.maxLeeway)
    }

    /// alg allow-list → key (by kid, or every fitting key when no kid) → signature → claims (OIDC Core 3.1.3.7).
    public func validate(_ token: String, keys: JWKSet, nonce: String?, now: Int64) throws(JOSEError) -> IDTokenClaims {
        let jws = try CompactJWS(token)
        let algorithm = try allowedAlgorithm(jws.algorithm)
        let candidates = try candidateKeys(header: jws.header, algorithm: algorithm, keys: keys)
        guard candidates.contains(where: { $0.key.verify(signature: jws.signature, message: jws.signingInput, algorithm: algorithm) }) else {
            throw .badSignature
        }
        let claims: [String: JSONValue]
        do {
            claims = try JSONValue.parseObject(jws.payload, maxBytes: Self.maxPayloadBytes)
        } catch {
            throw .malformed("payload is not a JSON object")
        }
        return try checkClaims(claims, nonce: nonce, now: now)
    }

    /// OIDC Core §3.1.3.7 step 6–7: the `alg` must be one we allow (RFC 8725 §3.1, §3.2).
    func allowedAlgorithm(_ alg: String) throws(JOSEError) -> SignatureAlgorithm {
        guard let algorithm = SignatureAlgorithm(rawValue: alg), allowedAlgorithms.contains(algorithm) else {
            throw .algorithmNotAllowed(alg)
        }
        return algorithm
    }

    /// With a `kid` (RFC 7515 §4.1.4): the keys with that id, `.unknownKeyID` when there are none.
    /// Without one: every key whose type (and `alg`, when named) fits the algorithm, tried in turn.
    func candidateKeys(header: [String: JSONValue], algorithm: SignatureAlgorithm, keys: JWKSet) throws(JOSEError) -> [JWK] {
        var pool = keys.keys
        if let value = header["kid"] {
            guard let kid = value.stringValue else { throw .malformed("header kid is not a string") }
            pool = pool.filter { $0.kid == kid }
            guard !pool.isEmpty else { throw .unknownKeyID }
        }
        let fitting = pool.filter { $0.fits(algorithm) }
        guard !fitting.isEmpty else { throw .noUsableKey }
        return fitting
    }

    /// The claim checks of OIDC Core §3.1.3.7 steps 2–3, 9–11, in that order, after the signature held.
    func checkClaims(_ claims: [String: JSONValue], nonce expectedNonce: String?, now: Int64) throws(JOSEError) -> IDTokenClaims {
        let read = ClaimReader(claims: claims)
        let tid = claims["tid"]?.stringValue
        let iss = try read.string("iss")
        guard iss == (try expectedIssuer(tid: tid)) else {
            if EntraV1Issuer.matches(iss) { throw .v1Token }
            throw .claim("iss", "does not match the provider's issuer")
        }

        let aud = try read.audience()
        guard aud.contains(clientID) else { throw .claim("aud", "does not contain this client id") }
        let azp = try read.optionalString("azp")
        if aud.count > 1 && azp == nil { throw .claim("azp", "missing with several audiences") }
        if let azp, azp != clientID { throw .claim("azp", "is not this client id") }

        let exp = try read.numericDate("exp")
        guard now < exp + leeway else { throw .claim("exp", "token expired") }
        let nbf = try read.optionalNumericDate("nbf")
        if let nbf, now < nbf - leeway { throw .claim("nbf", "token not yet valid") }
        let iat = try read.numericDate("iat")
        guard iat - leeway <= now else { throw .claim("iat", "issued in the future") }

        let nonce = try read.optionalString("nonce")
        if let expectedNonce {
            guard let nonce else { throw .claim("nonce", "missing") }
            guard constantTimeEquals(Array(nonce.utf8), Array(expectedNonce.utf8)) else { throw .claim("nonce", "does not match") }
        }

        let sub = try read.string("sub")
        guard !sub.isEmpty else { throw .claim("sub", "empty") }
        return IDTokenClaims(iss: iss, sub: sub, aud: aud, exp: exp, iat: iat, nbf: nbf, nonce: nonce, tid: tid, all: claims)
    }

    /// The issuer to compare `iss` with: with the "{tenantid}" template, the token's `tid` must be a GUID and is substituted.
    func expectedIssuer(tid: String?) throws(JOSEError) -> String {
        guard issuer.contains(TenantID.placeholder) else { return issuer }
        guard let tid, TenantID.isGUID(tid) else { throw .claim("tid", "not a tenant GUID") }
        return issuer.replacing(TenantID.placeholder, with: tid)
    }
}
