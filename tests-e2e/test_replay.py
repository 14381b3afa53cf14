"""Inputs that broke other OpenID Connect relying parties, replayed against the built signin.cgi.

One table: each row is a CGI request (the fixtures' settings, Tests/Fixtures/requests/, plus the row's variables)
and what must come back. Every row must get a well-formed CGI answer: exit status 0, a Status line first, only
printable ASCII in the header block, no injected header, at most one stderr line and no stack trace, within the
subprocess timeout. Rows that need a provider to reach the check live in Swift instead:
  - alg none, HS256 keyed with the RSA key, exp 1e300 in an ID token: Tests/JOSETests/IDTokenRejectionTests.swift;
  - a JWK Set of 10,000 keys, kty/alg mismatch, a 64-level nested ID-token claim: Tests/JOSETests/PeerFailureTests.swift;
  - a duplicated `code` past a valid state: Tests/AppTests/CallbackRejectionTests.swift (duplicateCode);
  - a WWW-Authenticate challenge with quotes and commas in `claims`: App's ClaimsChallenge (AppTests).
Cookies are sealed here with the fixture's SESSION_SECRET (A256CBC-HS512, RFC 7518 §5.2), header written by hand
so a row can put anything in it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TIMEOUT = 20
SECRET = bytes(range(32))
SCRIPT = "/cgi-bin/signin.cgi"
LOGIN = f"https://example.test{SCRIPT}/login"
BASE = {
    "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_SOFTWARE": "Apache/2.4.62 (Debian)",
    "SERVER_NAME": "example.test", "SERVER_PORT": "443", "HTTPS": "on", "REQUEST_SCHEME": "https",
    "HTTP_HOST": "example.test", "REMOTE_ADDR": "192.0.2.10", "SCRIPT_NAME": SCRIPT, "HTTP_USER_AGENT": "replay/1.0",
    "REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "",
    "CLIENT_ID": "00000000-0000-0000-0000-00000000c11d", "CLIENT_SECRET": "fixture-client-secret-NEVER-SHOWN",
    "SESSION_SECRET": base64.b64encode(SECRET).decode(), "OIDC_AUTHORITY": "https://login.example.test/tenant",
    "REDIRECT_PATH": "/callback",
}
# Over HTTPS the session cookie may carry a `__Secure-` prefix (RFC 6265bis §4.1.3.1): rows send both names.
SESSION_NAMES = ("signin_session", "__Secure-signin_session")
# One environment string may be at most MAX_ARG_STRLEN (32 pages) long on Linux, so no server can pass a 2 MB
# QUERY_STRING to a CGI program (execve fails with E2BIG): the longest one that can be passed is used instead.
LONGEST_ENV_STRING = 32 * 4096 - 1
STATE = "AAAAAAAAAAAAAAAAAAAAAA"
INJECTED = re.compile(rb"(?i)injected")  # every CR/LF payload below carries this word
TRACE = re.compile(rb"Fatal error|Stack dump|Backtrace|Current stack trace|panic|SIGSEGV|SIGILL|AddressSanitizer")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def seal(payload: bytes, header: dict | None = None, compress: bool = False) -> str:
    """A cookie JWE under the fixture secret; `header` replaces members of the usual protected header."""
    key = HKDF(algorithm=SHA256(), length=64, salt=b"", info=b"signin.cgi cookie v1").derive(SECRET)
    full = {"alg": "dir", "enc": "A256CBC-HS512", "kid": b64(hashlib.sha256(key).digest())[:8], "pur": "session",
            "exp": 4102444800, **(header or {})}
    if compress:
        full["zip"] = "DEF"
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        payload = deflate.compress(payload) + deflate.flush()
    protected = b64(json.dumps(full, separators=(",", ":")).encode()).encode()
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(payload) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key[32:]), modes.CBC(iv)).encryptor()
    ciphertext = encryptor.update(plain) + encryptor.finalize()
    mac = hmac.new(key[:32], protected + iv + ciphertext + (len(protected) * 8).to_bytes(8, "big"), hashlib.sha512)
    return ".".join([protected.decode(), "", b64(iv), b64(ciphertext), b64(mac.digest()[:32])])


def session(**changes) -> bytes:
    now = int(time.time())
    value = {"v": 1, "iss": BASE["OIDC_AUTHORITY"], "sub": "s-1", "aud": BASE["CLIENT_ID"],
             "claims": {"name": "Ada"}, "idExp": now + 3600, "created": now, "seen": now, "exp": now + 3600, **changes}
    return json.dumps(value, separators=(",", ":")).encode()


def cookie(value: str, suffix: str = "") -> str:
    """`value` under each session cookie name (`suffix` e.g. ".3" for a chunk)."""
    return "; ".join(f"{name}{suffix}={value}" for name in SESSION_NAMES)


def chunked(value: str, size: int = 3800) -> str:
    parts = [value[i:i + size] for i in range(0, len(value), size)]
    return "; ".join(cookie(part, f".{i}") for i, part in enumerate(parts))


def bomb() -> str:
    """12 MB of zeros deflate to about 12 KB: a chunked cookie that inflates 200 times past the 64 KB payload cap."""
    return chunked(seal(b"\0" * (12 << 20), compress=True))


def nested(depth: int) -> dict:
    value: object = "bottom"
    for _ in range(depth):
        value = {"a": value}
    return {"name": "Ada", "deep": value}


@dataclass
class Row:
    name: str
    env: dict[str, str | bytes]
    status: set[int] | range
    location: str | None = None      # the Location must be this (when given)
    absent: tuple[bytes, ...] = ()   # never anywhere in the answer
    contains: bytes = b""            # in the body


CRLF = "%0D%0ASet-Cookie:%20injected=1%0D%0AX-Injected:%201"
BAD_UTF8 = b"\xff\xfe\xc3\x28\xed\xa0\x80"
SIGNED_OUT = {302}
ROWS = [
    Row("control: a valid session cookie is a signed-in page", {"HTTP_COOKIE": cookie(seal(session()))}, {200},
        contains=b"Ada"),
    Row("cookie chunk count 99,999,999", {"HTTP_COOKIE": cookie("x", ".99999999") + "; " + cookie("y", ".0")}, SIGNED_OUT, LOGIN),
    Row("cookie chunk index 99,999,999 only", {"HTTP_COOKIE": cookie("A" * 100, ".99999999")}, SIGNED_OUT, LOGIN),
    Row("cookie without =", {"HTTP_COOKIE": "; ".join(SESSION_NAMES)}, SIGNED_OUT, LOGIN),
    Row("cookie pairs without =", {"HTTP_COOKIE": "a; b; " + "; ".join(SESSION_NAMES) + "; ;;"}, SIGNED_OUT, LOGIN),
    Row("query of only &", {"QUERY_STRING": "&"}, SIGNED_OUT | {400}),
    Row("query of only & at the callback", {"PATH_INFO": "/callback", "QUERY_STRING": "&"}, range(400, 500)),
    Row("duplicated state at the callback", {"PATH_INFO": "/callback", "QUERY_STRING": f"state={STATE}&state={STATE}B&code=c"},
        range(400, 500)),
    Row("duplicated code at the callback (refused at the state: the code check needs a provider, AppTests)",
        {"PATH_INFO": "/callback", "QUERY_STRING": f"state={STATE}&code=a&code=b"}, range(400, 500)),
    Row("session cookie with exp 1e300 in its protected header", {"HTTP_COOKIE": cookie(seal(session(), {"exp": 1e300}))},
        SIGNED_OUT, LOGIN),
    Row("session cookie with idExp/created/seen 1e300", {"HTTP_COOKIE": cookie(seal(
        json.dumps({"v": 1, "iss": "i", "sub": "s", "aud": "a", "claims": {}, "idExp": 1e300, "created": 1e300,
                    "seen": 1e300, "exp": 1e300}).encode()))},
        SIGNED_OUT, LOGIN),
    Row("decompression bomb cookie (12 MB of zeros)", {"HTTP_COOKIE": bomb()}, SIGNED_OUT, LOGIN),
    Row("session cookie with a 64-level nested claim", {"HTTP_COOKIE": cookie(seal(session(claims=nested(64)), compress=True))},
        {200, 302}),
    Row("CR/LF in PATH_INFO", {"PATH_INFO": "/login\r\nSet-Cookie: injected=1"}, {400}),
    Row("CR/LF in return_to (login)", {"PATH_INFO": "/login", "QUERY_STRING": "return_to=/" + CRLF}, range(300, 600)),
    Row("CR/LF in every callback parameter", {"PATH_INFO": "/callback", "QUERY_STRING": "&".join(
        f"{n}=x{CRLF}" for n in ("state", "code", "error", "error_description", "iss", "session_state"))}, range(400, 500)),
    Row("CR/LF in the provider error at the callback", {"PATH_INFO": "/callback",
        "QUERY_STRING": f"state={STATE}&error=access_denied{CRLF}&error_description=no{CRLF}"}, range(400, 500)),
    Row("CR/LF in logout parameters", {"PATH_INFO": "/logout", "QUERY_STRING": f"post_logout_redirect_uri=/{CRLF}&return_to=/{CRLF}"},
        range(200, 600)),
    Row("CR/LF in HTTP_HOST", {"HTTP_HOST": "example.test\r\nSet-Cookie: injected=1"}, range(200, 600)),
    Row("CR/LF in forwarded headers", {"HTTP_X_FORWARDED_HOST": "a\r\nX-Injected: 1", "HTTP_X_FORWARDED_PROTO": "https\r\nX-Injected: 1"},
        SIGNED_OUT, LOGIN),
    Row("CR/LF in the Cookie header", {"HTTP_COOKIE": "a=b\r\nSet-Cookie: injected=1"}, SIGNED_OUT, LOGIN),
    Row("backslashes in PATH_INFO", {"PATH_INFO": "/\\evil.test\\login"}, range(400, 500), absent=(b"evil.test",)),
    Row("// in PATH_INFO", {"PATH_INFO": "//evil.test/login"}, range(400, 500) , absent=(b"Location: //",)),
    Row("/\\ in return_to", {"PATH_INFO": "/login", "QUERY_STRING": "return_to=/%5Cevil.test"}, range(300, 600),
        absent=(b"Location: /\\",)),
    Row("16 KB Cookie header", {"HTTP_COOKIE": "; ".join(f"c{i}={'v' * 60}" for i in range(250))}, SIGNED_OUT, LOGIN),
    Row("longest QUERY_STRING an environment can hold (a 2 MB one cannot be passed)",
        {"QUERY_STRING": "a=" + "b" * (LONGEST_ENV_STRING - len("QUERY_STRING=a="))}, {400}),
    Row("invalid UTF-8 in PATH_INFO", {"PATH_INFO": b"/" + BAD_UTF8}, {400, 404}),
    Row("invalid UTF-8 in QUERY_STRING", {"QUERY_STRING": b"x=" + BAD_UTF8 + b"&y=%ff%fe"}, SIGNED_OUT | {400}),
    Row("invalid UTF-8 in the callback query", {"PATH_INFO": "/callback", "QUERY_STRING": b"state=" + BAD_UTF8 + b"&code=%ff"},
        range(400, 500)),
    Row("invalid UTF-8 in HTTP_COOKIE", {"HTTP_COOKIE": cookie("x").encode() + BAD_UTF8 + b"; " + BAD_UTF8 + b"=1"}, SIGNED_OUT, LOGIN),
    Row("invalid UTF-8 in HTTP_HOST and forwarded headers", {"HTTP_HOST": b"ex" + BAD_UTF8, "HTTP_X_FORWARDED_HOST": BAD_UTF8},
        range(200, 600)),
    Row("invalid UTF-8 in HTTP_USER_AGENT and REQUEST_METHOD", {"HTTP_USER_AGENT": BAD_UTF8, "REQUEST_METHOD": b"G" + BAD_UTF8},
        range(400, 500)),
]


def environ(row: Row) -> dict[bytes, bytes]:
    env = {**BASE, **row.env}
    return {k.encode(): (v if isinstance(v, bytes) else v.encode()) for k, v in env.items()}


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_replay(row: Row, signin_bin: Path):
    done = subprocess.run([str(signin_bin)], env=environ(row), cwd=signin_bin.parent, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=TIMEOUT)
    out, err = done.stdout, done.stderr
    assert done.returncode == 0, f"exit {done.returncode}, stderr={err[:500]!r}"
    assert not TRACE.search(out + err), f"stack trace or crash report: {err[:800]!r}"
    assert len(err.splitlines()) <= 1, f"stderr is not one reason line: {err[:800]!r}"
    end = out.find(b"\r\n\r\n")
    assert end > 0, f"no CGI head: {out[:300]!r}"
    head = out[:end]
    lines = head.split(b"\r\n")
    assert all(re.fullmatch(rb"[\x20-\x7e]*", line) for line in lines), f"control or non-ASCII byte in the head: {head!r}"
    assert not INJECTED.search(head), f"injected header: {head!r}"
    # CGI/1.1 (RFC 3875 §6.3.3): a Status line first, left out only for 200.
    status = int(lines[0].split()[1]) if lines[0].startswith(b"Status: ") else 200
    assert status == 200 or not any(l.startswith(b"Status:") for l in lines[1:]), f"Status not first: {head[:200]!r}"
    assert status in row.status, f"status {status}, wanted {row.status}; stderr={err!r}"
    location = next((l.split(b":", 1)[1].strip() for l in lines if l.lower().startswith(b"location:")), None)
    if row.location is not None:
        assert location == row.location.encode(), f"Location {location!r}"
    if location is not None:
        assert location.startswith(b"https://") or location.startswith(b"http://"), f"Location not absolute: {location!r}"
    assert row.contains in out[end:], f"body lacks {row.contains!r}"
    for snippet in row.absent:
        assert snippet not in out, f"{snippet!r} in the answer"
