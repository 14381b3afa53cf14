"""Token-endpoint client authentication by signed assertion (`private_key_jwt`), checked as an authorization
server must: RFC 7523 §3 (and §2.2 for the form parameters), OpenID Connect Core 1.0 §9, and the certificate
thumbprint header Microsoft's "Microsoft identity platform application authentication certificate credentials"
asks for (`x5t#S256`, RFC 7515 §4.1.8). The signature is checked by joserfc, never by hand.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from typing import Callable, Mapping, Sequence

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MAX_LIFETIME = 600  # seconds: an assertion whose exp is further ahead is refused (Entra's limit is 10 minutes)
ALGORITHMS = ["PS256", "RS256"]


class AssertionRejected(Exception):
    """The client failed to authenticate: answer `invalid_client` (RFC 6749 §5.2) with this reason."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def first_certificate(pem: bytes) -> x509.Certificate:
    return x509.load_pem_x509_certificates(pem)[0]


class AssertionVerifier:
    """Checks one client's assertions against its registered certificate; remembers every `jti` it accepted."""

    def __init__(self, client_id: str, certificate_pem: bytes, *, clock: Callable[[], float] = time.time):
        certificate = first_certificate(certificate_pem)
        public = certificate.public_key()
        if not isinstance(public, rsa.RSAPublicKey):
            raise ValueError("the registered certificate's key is not RSA")
        der = certificate.public_bytes(serialization.Encoding.DER)
        self.client_id = client_id
        self.key = RSAKey.import_key(public.public_bytes(serialization.Encoding.PEM,
                                                        serialization.PublicFormat.SubjectPublicKeyInfo))
        self.x5t_s256 = b64url(hashlib.sha256(der).digest())
        self.x5t = b64url(hashlib.sha1(der).digest())
        self.clock = clock
        self.seen: set[str] = set()
        self.lock = threading.Lock()

    def verify(self, form: Mapping[str, Sequence[str]], *, token_endpoint: str, authorization: str | None = None) -> str:
        """Checks the decoded form body of a token request; returns the authenticated client id or raises."""
        if "client_secret" in form:
            raise AssertionRejected("a client_secret was sent")
        if authorization:
            raise AssertionRejected("an Authorization header was sent")
        assertion_type = single(form, "client_assertion_type")
        if assertion_type != ASSERTION_TYPE:
            raise AssertionRejected(f"client_assertion_type is {assertion_type!r}")
        assertion = single(form, "client_assertion")
        try:
            signed = jws.deserialize_compact(assertion, self.key, algorithms=ALGORITHMS)
        except (JoseError, ValueError) as e:
            raise AssertionRejected(f"signature: {type(e).__name__}") from None
        header = signed.protected
        if header.get("x5t#S256") != self.x5t_s256:
            raise AssertionRejected("x5t#S256 is not the registered certificate's thumbprint")
        if "x5t" in header and header["x5t"] != self.x5t:
            raise AssertionRejected("x5t is not the registered certificate's thumbprint")
        try:
            claims = json.loads(signed.payload)
        except ValueError:
            raise AssertionRejected("the payload is not JSON") from None
        if not isinstance(claims, dict):
            raise AssertionRejected("the payload is not a JSON object")
        self.check_claims(claims, token_endpoint)
        client_id = form.get("client_id")
        if client_id is not None and list(client_id) != [self.client_id]:
            raise AssertionRejected("client_id does not match the assertion")
        with self.lock:
            if claims["jti"] in self.seen:
                raise AssertionRejected("jti was already used")
            self.seen.add(claims["jti"])
        return self.client_id

    def check_claims(self, claims: dict, token_endpoint: str) -> None:
        now = self.clock()
        # §3 items 1, 2: iss and sub are the client id.
        if claims.get("iss") != self.client_id:
            raise AssertionRejected("iss is not the client id")
        if claims.get("sub") != self.client_id:
            raise AssertionRejected("sub is not the client id")
        # §3 item 3: aud identifies this server; the token endpoint URL may be used.
        aud = claims.get("aud")
        audiences = aud if isinstance(aud, list) else [aud]
        if token_endpoint not in audiences:
            raise AssertionRejected("aud is not the token endpoint")
        # §3 item 4: exp is required, in the future; a far-off one is refused.
        exp = number(claims, "exp")
        if exp is None:
            raise AssertionRejected("exp is missing")
        if exp <= now:
            raise AssertionRejected("exp has passed")
        if exp > now + MAX_LIFETIME:
            raise AssertionRejected("exp is more than 10 minutes ahead")
        # §3 items 5, 6: nbf and iat, when present, are not in the future.
        for name in ("nbf", "iat"):
            if name in claims:
                value = number(claims, name)
                if value is None or value > now:
                    raise AssertionRejected(f"{name} is in the future or not a number")
        # §3 item 7: a jti lets the server refuse a replay (here required).
        jti = claims.get("jti")
        if not isinstance(jti, str) or not jti:
            raise AssertionRejected("jti is missing")


def single(form: Mapping[str, Sequence[str]], name: str) -> str:
    values = form.get(name) or []
    if len(values) != 1:
        raise AssertionRejected(f"{name} must be sent exactly once")
    return values[0]


def number(claims: dict, name: str) -> float | None:
    value = claims.get(name)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
