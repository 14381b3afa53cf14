"""signin.cgi's cookie format (docs/contract.md "Cookies") done with joserfc and cryptography only, never with signin's code.

Key: HKDF-SHA256 (RFC 5869) over the secret, empty salt, info "signin.cgi cookie v1", 64 bytes.
kid: first 8 characters of base64url(SHA-256(key)). JWE: alg "dir", enc "A256CBC-HS512", optional zip "DEF",
with the protected-header parameters kid, pur and exp.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from joserfc import jwe
from joserfc.jwk import OctKey
from joserfc.registry import HeaderParameter

INFO = b"signin.cgi cookie v1"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def derive_key(secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=64, salt=b"", info=INFO).derive(secret)


def kid_for(key: bytes) -> str:
    return b64url(hashlib.sha256(key).digest())[:8]


def registry() -> jwe.JWERegistry:
    """joserfc refuses header parameters it does not know: declare signin's two private ones."""
    return jwe.JWERegistry(
        header_registry={
            "pur": HeaderParameter("signin.cgi cookie purpose", "str", True),
            "exp": HeaderParameter("signin.cgi cookie expiry (seconds since the epoch)", "int", True),
        },
        algorithms=["dir", "A256CBC-HS512", "DEF"],
    )


def open_cookie(secret: bytes, token: str) -> tuple[dict, bytes]:
    """Decrypts and authenticates; checks the header is exactly what the contract says. Returns (header, payload)."""
    key = derive_key(secret)
    result = jwe.decrypt_compact(token, OctKey.import_key(key), registry=registry())
    header = dict(result.protected)
    expected = {"alg", "enc", "kid", "pur", "exp"} | ({"zip"} if "zip" in header else set())
    if set(header) != expected:
        raise ValueError(f"unexpected header members {sorted(header)}")
    if header["alg"] != "dir" or header["enc"] != "A256CBC-HS512" or header.get("zip", "DEF") != "DEF":
        raise ValueError("unexpected alg/enc/zip")
    if header["kid"] != kid_for(key):
        raise ValueError("kid does not match the derived key")
    return header, result.plaintext


def seal_cookie(secret: bytes, payload: bytes, purpose: str, exp: int, compress: bool) -> str:
    key = derive_key(secret)
    header = {"alg": "dir", "enc": "A256CBC-HS512", "kid": kid_for(key), "pur": purpose, "exp": exp}
    if compress:
        header["zip"] = "DEF"
    return jwe.encrypt_compact(header, payload, OctKey.import_key(key), registry=registry())
