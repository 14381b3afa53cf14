#!/usr/bin/env python3
"""A CGI program that tells who is signed in by opening signin.cgi's session cookie (docs/identity-for-other-programs.md).

Install it beside signin.cgi on the same site with `COOKIE_PATH=/` in signin.cgi's settings (so the browser sends
the session cookie to this program too), and give it, in its environment:

    SESSION_SECRET           the same value as signin.cgi's (base64, standard or URL alphabet)
    SESSION_SECRET_PREVIOUS  optional: comma-separated older secrets, as in signin.cgi's settings
    CLIENT_ID                signin.cgi's CLIENT_ID: a session made for another app is refused
    ISSUER                   the issuer the session must come from, e.g. https://login.microsoftonline.com/<tenant>/v2.0
    COOKIE_PATH              optional, default `/`: signin.cgi's COOKIE_PATH (it picks the cookie name over HTTPS)
    SESSION_IDLE_TIMEOUT     optional: refuse a session unused by signin.cgi for longer than this many seconds

It answers `200 {"sub": ..., "name": ..., ...}` for a valid session and `401 {"error": ...}` otherwise.
It only reads the session: it never refreshes it (signin.cgi does, on each visit to it).

Needs Python 3.9+ and joserfc (`pip install joserfc`), which also implements `zip: DEF`.
The cookie (RFC 7516 JWE compact, `alg: dir`, `enc: A256CBC-HS512`):
  key = HKDF-SHA256(IKM = decoded SESSION_SECRET, salt = empty, info = "signin.cgi cookie v1", L = 64 bytes)
  kid = the first 8 characters of base64url(SHA-256(key))
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import time

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from joserfc.registry import HeaderParameter

BASE_NAME = "signin_session"
INFO = b"signin.cgi cookie v1"
MAX_CHUNKS = 10
# signin.cgi's own protected-header parameters: the purpose a cookie was sealed for, and its expiry.
REGISTRY = jwe.JWERegistry(header_registry={"pur": HeaderParameter("purpose", "str"),
                                            "exp": HeaderParameter("expiry", "int")},
                           algorithms=["dir", "A256CBC-HS512", "DEF"])


class Refused(Exception):
    """Not a valid session of this deployment; the message is a short reason code."""


def decode_secret(text: str) -> bytes:
    """SESSION_SECRET: base64, standard or URL alphabet, padding optional; at least 32 bytes."""
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    raw = base64.urlsafe_b64decode(padded) if ("-" in text or "_" in text) else base64.b64decode(padded, validate=True)
    if len(raw) < 32:
        raise ValueError("SESSION_SECRET must decode to at least 32 bytes")
    return raw


def cookie_key(secret: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869), empty salt, 64 bytes: 32 for HMAC-SHA-512 and 32 for AES-256 (RFC 7518 §5.2.5)."""
    return HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=INFO).derive(secret)


def kid_of(key: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(key).digest()).rstrip(b"=").decode()[:8]


def keys_from_environment(env) -> dict[str, bytes]:
    """kid → 64-byte key, for the current secret and any previous ones."""
    secrets = [env["SESSION_SECRET"]] + [s for s in env.get("SESSION_SECRET_PREVIOUS", "").split(",") if s.strip()]
    keys = {}
    for secret in secrets:
        key = cookie_key(decode_secret(secret))
        keys[kid_of(key)] = key
    return keys


def cookie_name(env) -> str:
    """`signin_session` over plain HTTP; over HTTPS `__Host-` when COOKIE_PATH is `/`, else `__Secure-`."""
    if env.get("HTTPS", "").lower() not in ("on", "1"):
        return BASE_NAME
    return ("__Host-" if env.get("COOKIE_PATH", "/") == "/" else "__Secure-") + BASE_NAME


def session_cookie(cookie_header: str, name: str) -> str:
    """The sealed session: `<name>` itself, or `<name>.0`, `<name>.1`, … joined in order."""
    jar: dict[str, str] = {}
    for pair in cookie_header.split(";"):   # RFC 6265 §5.4: `name=value` pairs joined by "; "
        key, sep, val = pair.strip().partition("=")
        if sep:
            jar.setdefault(key, val)         # the first of two same-named cookies has the longer path
    if name in jar:
        return jar[name]
    chunks = []
    while f"{name}.{len(chunks)}" in jar and len(chunks) < MAX_CHUNKS:
        chunks.append(jar[f"{name}.{len(chunks)}"])
    if not chunks:
        raise Refused("not_signed_in")
    return "".join(chunks)


def b64url_json(part: str) -> dict:
    try:
        value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except ValueError:
        raise Refused("malformed")
    if not isinstance(value, dict):
        raise Refused("malformed")
    return value


def open_session(value: str, keys: dict[str, bytes], client_id: str, issuer: str, now: int,
                 idle_timeout: int | None = None) -> dict:
    """The session payload, after every check signin.cgi itself makes on it."""
    parts = value.split(".")
    if len(parts) != 5:
        raise Refused("malformed")
    header = b64url_json(parts[0])
    if header.get("alg") != "dir" or header.get("enc") != "A256CBC-HS512" or header.get("zip") not in (None, "DEF"):
        raise Refused("unexpected_algorithm")
    key = keys.get(header.get("kid"))
    if key is None:
        raise Refused("other_key")
    try:
        opened = jwe.decrypt_compact(value, OctKey.import_key(key), registry=REGISTRY)
    except (JoseError, ValueError):
        raise Refused("tampered")
    # The header is authenticated (it is the AAD): a login-state cookie is never a session.
    if opened.protected.get("pur") != "session":
        raise Refused("wrong_purpose")
    if not isinstance(opened.protected.get("exp"), int) or opened.protected["exp"] <= now:
        raise Refused("expired")
    try:
        payload = json.loads(opened.plaintext)
    except ValueError:
        raise Refused("malformed")
    if not isinstance(payload, dict) or payload.get("v") != 1:
        raise Refused("unknown_version")
    if not isinstance(payload.get("exp"), int) or payload["exp"] <= now:
        raise Refused("expired")
    if idle_timeout is not None and (not isinstance(payload.get("seen"), int) or now >= payload["seen"] + idle_timeout):
        raise Refused("idle")
    if not hmac.compare_digest(str(payload.get("aud", "")).encode(), client_id.encode()):
        raise Refused("other_client")
    if payload.get("iss") != issuer:
        raise Refused("other_issuer")
    if not isinstance(payload.get("sub"), str) or not isinstance(payload.get("claims"), dict):
        raise Refused("malformed")
    return payload


def identity(payload: dict) -> dict:
    """What this example shows: the subject, a display name and a few stable claims (never `at` or `rt`)."""
    claims = payload["claims"]
    name = claims.get("name") or claims.get("preferred_username") or claims.get("email") or payload["sub"]
    out = {"sub": payload["sub"], "name": name}
    for field in ("preferred_username", "email", "oid", "tid", "roles", "groups"):
        if field in claims:
            out[field] = claims[field]
    return out


def respond(status: str, body: dict) -> None:
    sys.stdout.write(f"Status: {status}\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n\r\n")
    sys.stdout.write(json.dumps(body) + "\n")
    sys.stdout.flush()


def main(env=os.environ) -> int:
    try:
        keys = keys_from_environment(env)
        client_id, issuer = env.get("CLIENT_ID", ""), env.get("ISSUER", "")
        if not client_id or not issuer:
            raise KeyError("CLIENT_ID and ISSUER")
        idle = int(env["SESSION_IDLE_TIMEOUT"]) if env.get("SESSION_IDLE_TIMEOUT") else None
    except (KeyError, ValueError) as error:
        print(f"session_reader: configuration error: {type(error).__name__}", file=sys.stderr)
        respond("500 Internal Server Error", {"error": "configuration"})
        return 0
    try:
        value = session_cookie(env.get("HTTP_COOKIE", ""), cookie_name(env))
        payload = open_session(value, keys, client_id, issuer, int(time.time()), idle)
    except Refused as refusal:
        print(f"session_reader: refused reason={refusal}", file=sys.stderr)
        respond("401 Unauthorized", {"error": str(refusal)})
        return 0
    respond("200 OK", identity(payload))
    return 0


if __name__ == "__main__":
    sys.exit(main())
