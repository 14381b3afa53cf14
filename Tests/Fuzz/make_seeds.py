#!/usr/bin/env python3
"""Writes the committed seed corpora under Tests/Fuzz/corpus/<target>/ (docs/fuzzing.md).

Run with the test venv from the repository root: `.venv/bin/python Tests/Fuzz/make_seeds.py`. The inputs follow each
fuzz target's input layout (Fuzz/<target>/main.swift): a mode byte and NUL-separated fields where the target says so.
Cookies are sealed under SESSION_SECRET = bytes 0..31, the fixed key of FuzzCookieVault.
"""

from __future__ import annotations

import base64
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests-e2e"))
from interop.cookie_jose import seal_cookie  # noqa: E402

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature  # noqa: E402

OUT = REPO / "Tests" / "Fuzz" / "corpus"
SECRET = bytes(range(32))
TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"
ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def j(value) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def uint(n: int) -> str:
    return b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))


def seeds() -> dict[str, dict[str, bytes]]:
    session = seal_cookie(SECRET, j({"sub": "alice", "name": "Zoë", "tid": TENANT, "exp": 1700003600}), "session", 4102444800, True)
    login = seal_cookie(SECRET, j({"state": "s1", "nonce": "n1", "verifier": "v1"}), "login", 4102444800, False)
    half = len(session) // 2
    cookie = {
        "session": b"\0signin_session=" + session.encode(),
        "chunked": b"\0signin_session.0=" + session[:half].encode() + b"; signin_session.1=" + session[half:].encode(),
        "login": b"\0signin_login_x=" + login.encode() + b"; other=1",
        "junk": b"\0a=b; c; =d;; e=\"quoted\"; signin_session.99999999=x",
        "seal-plain": b"\x01" + j({"sub": "bob"}),
        "seal-deflate": b"\x03" + b"A" * 300,
    }
    form = {
        "login": b"return_to=%2Fcgi-bin%2Fsignin.cgi%2F&prompt=login",
        "callback": b"code=0.AXoA-abc_DEF&state=s1&session_state=9c2e&iss=https%3A%2F%2Flogin.microsoftonline.com%2F",
        "odd": b"&&a=%zz&b=%E2%82%AC+x&=&c==",
    }
    request = {
        "get": b"\0".join([b"GET", b"/cgi-bin/signin.cgi", b"/callback", b"code=c&state=s", b"signin_session=x",
                           b"", b"", b"example.test", b"example.test", b"443", b"on", b"", b"", b"", b"ua/1", b""]),
        "post": b"\0".join([b"POST", b"/cgi-bin/signin.cgi", b"/logout", b"", b"", b"9", b"application/x-www-form-urlencoded",
                            b"example.test:8443", b"example.test", b"8443", b"", b"https", b"public.example", b"", b"",
                            b"csrf=abc"]),
    }
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rn = rsa_key.public_key().public_numbers()
    en = ec_key.public_key().public_numbers()
    jwks = j({"keys": [
        {"kty": "RSA", "use": "sig", "kid": "rsa-1", "x5t": "rsa-1", "n": uint(rn.n), "e": uint(rn.e), "alg": "RS256"},
        {"kty": "EC", "use": "sig", "kid": "ec-1", "crv": "P-256", "x": b64(en.x.to_bytes(32, "big")), "y": b64(en.y.to_bytes(32, "big"))},
    ]})
    claims = {"aud": "client-1", "iss": ISSUER, "iat": 1699999990, "nbf": 1699999990, "exp": 1700003600, "sub": "s-1",
              "tid": TENANT, "nonce": "n-1", "oid": "o-1", "preferred_username": "ada@example.com", "ver": "2.0"}
    signing_input = (b64(j({"typ": "JWT", "alg": "RS256", "kid": "rsa-1"})) + "." + b64(j(claims))).encode()
    rs256 = signing_input + b"." + b64(rsa_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())).encode()
    es_input = (b64(j({"alg": "ES256", "kid": "ec-1"})) + "." + b64(j(claims))).encode()
    r, s = decode_dss_signature(ec_key.sign(es_input, ec.ECDSA(hashes.SHA256())))
    es256 = es_input + b"." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big")).encode()
    none = (b64(j({"alg": "none"})) + "." + b64(j(claims)) + ".").encode()
    fuzz_claims = dict(claims, iss="https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0")
    jose = {
        "rs256": b"\0" + jwks + b"\0" + rs256,
        "es256": b"\0" + jwks + b"\0" + es256,
        "none": b"\0" + jwks + b"\0" + none,
        "claims": b"\x01" + j(fuzz_claims) + b"\0n-1",
        "claims-array-aud": b"\x01" + j(dict(fuzz_claims, aud=["client-1", "other"], azp="client-1")) + b"\0n-1",
    }
    metadata = {
        "entra": j({
            "token_endpoint": f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": f"https://login.microsoftonline.com/{TENANT}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"], "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"], "issuer": ISSUER,
            "request_uri_parameter_supported": False, "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
            "authorization_endpoint": f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/devicecode",
            "http_logout_supported": True, "frontchannel_logout_supported": True,
            "end_session_endpoint": f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/logout",
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "tid"],
            "kerberos_endpoint": f"https://login.microsoftonline.com/{TENANT}/kerberos", "tenant_region_scope": "EU",
            "cloud_instance_name": "microsoftonline.com", "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com", "rbac_url": "https://pas.windows.net"}),
        "common": j({"issuer": "https://login.microsoftonline.com/{tenantid}/v2.0",
                     "authorization_endpoint": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                     "token_endpoint": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                     "jwks_uri": "https://login.microsoftonline.com/common/discovery/v2.0/keys",
                     "authorization_response_iss_parameter_supported": True}),
    }
    token = {
        "ok": b"\0" + j({"token_type": "Bearer", "scope": "openid profile email", "expires_in": 4385, "ext_expires_in": 4385,
                         "access_token": "eyJ0eXAiOiJKV1Qi.e30.c2ln", "refresh_token": "0.AXoA-rt", "id_token": rs256.decode()}),
        "error": b"\x01" + j({"error": "invalid_grant", "error_description": "AADSTS70008: The provided authorization code or "
                              "refresh token has expired.\r\nTrace ID: 1", "error_codes": [70008], "timestamp": "2026-01-01 00:00:00Z",
                              "trace_id": "t", "correlation_id": "c", "error_uri": "https://login.microsoftonline.com/error?code=70008"}),
        "interaction": b"\x02" + j({"error": "interaction_required", "claims": "{\"access_token\":{\"acrs\":{\"essential\":true}}}"}),
    }
    json_seeds = {"metadata": metadata["entra"], "jwks": jwks, "nested": b"[" * 20 + b"{\"a\":-0.5e-3}" + b"]" * 20,
                  "escapes": "{\"s\":\"\\u00e9\\ud83d\\ude00\\n\\\"\",\"n\":null,\"t\":true,\"f\":false,\"x\":1e300}".encode()}
    return {"FuzzCookieVault": cookie, "FuzzFormData": form, "FuzzCGIRequest": request, "FuzzJOSE": jose,
            "FuzzProviderMetadata": metadata, "FuzzTokenResponse": token, "FuzzJSON": json_seeds}


def main() -> None:
    for target, files in seeds().items():
        folder = OUT / target
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        print(f"{folder.relative_to(REPO)}: {len(files)} seeds")


if __name__ == "__main__":
    main()
