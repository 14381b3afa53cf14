"""The test provider's private_key_jwt check (tests-e2e/e2e/assertion_verifier.py) on its own: assertions signed by
joserfc with the repository's certificate fixture, one rule broken per case (RFC 7523 §3), and the mock provider's
token endpoint refusing with invalid_client when that check fails.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from pathlib import Path

import pytest
import werkzeug.test
from joserfc import jws
from joserfc.jwk import OctKey, RSAKey

from e2e.assertion_verifier import ASSERTION_TYPE, AssertionRejected, AssertionVerifier, b64url
from e2e.mock_provider import RequestLogger

FIXTURES = Path(__file__).resolve().parent.parent / "Tests" / "CryptoTests" / "Fixtures"
CERT_PEM = (FIXTURES / "client-pkcs8.pem").read_bytes()
OTHER_PEM = (FIXTURES / "client-mismatched.pem").read_bytes()  # another RSA key after the same certificate
CLIENT = "client-123"
ENDPOINT = "https://127.0.0.1:8443/oauth2/token"
NOW = 1_800_000_000
# The Swift tests' expected value (Tests/OIDCTests/ClientAssertionTests.swift), from the openssl CLI.
X5T_S256 = "zGyUhrGiNMJ20xTYoopy4lHeChWjsU7pnrkLzbH6iL0"
X5T = "lbjuYNfVZuk4cwEXS7AexkaIxIY"


def private_key(pem: bytes) -> RSAKey:
    block = re.search(rb"-----BEGIN (RSA )?PRIVATE KEY-----.*?-----END (RSA )?PRIVATE KEY-----", pem, re.S)
    assert block
    return RSAKey.import_key(block.group(0))


KEY = private_key(CERT_PEM)
OTHER_KEY = private_key(OTHER_PEM)


def edited(base: dict, edit: dict) -> dict:
    """`base` with the members of `edit` set, or removed where their value is None."""
    out = {**base, **{k: v for k, v in edit.items() if v is not None}}
    return {k: v for k, v in out.items() if edit.get(k, "") is not None}


def claims(**edit) -> dict:
    base = {"iss": CLIENT, "sub": CLIENT, "aud": ENDPOINT, "iat": NOW, "nbf": NOW, "exp": NOW + 300, "jti": "j-" + str(id(edit))}
    return edited(base, edit)


def assertion(payload: dict | None = None, *, alg: str = "PS256", key=KEY, **header) -> str:
    h = edited({"alg": alg, "typ": "JWT", "x5t#S256": X5T_S256, "x5t": X5T},
               {k.replace("_S256", "#S256"): v for k, v in header.items()})
    return jws.serialize_compact(h, json.dumps(payload or claims()), key, algorithms=[alg])


def form(value: str, **extra) -> dict[str, list[str]]:
    base = {"grant_type": ["authorization_code"], "client_id": [CLIENT], "client_assertion_type": [ASSERTION_TYPE],
            "client_assertion": [value]}
    return edited(base, extra)


def verifier() -> AssertionVerifier:
    return AssertionVerifier(CLIENT, CERT_PEM, clock=lambda: NOW + 1)


def test_thumbprints_match_the_openssl_cli():
    v = verifier()
    assert (v.x5t_s256, v.x5t) == (X5T_S256, X5T)


@pytest.mark.parametrize("alg", ["PS256", "RS256"])
def test_a_good_assertion_is_accepted_once(alg):
    v = verifier()
    value = assertion(alg=alg)
    assert v.verify(form(value), token_endpoint=ENDPOINT) == CLIENT
    with pytest.raises(AssertionRejected, match="jti was already used"):
        v.verify(form(value), token_endpoint=ENDPOINT)


def test_aud_as_an_array_and_no_client_id_are_accepted():
    assert verifier().verify(form(assertion(claims(aud=[ENDPOINT, "other"])), client_id=None), token_endpoint=ENDPOINT)


def test_nbf_and_iat_are_optional():
    assert verifier().verify(form(assertion(claims(nbf=None, iat=None))), token_endpoint=ENDPOINT)


BAD = [
    ("signed by another key", lambda: form(assertion(key=OTHER_KEY)), "signature"),
    ("HS256", lambda: form(jws.serialize_compact({"alg": "HS256", "x5t#S256": X5T_S256}, json.dumps(claims()),
                                                 OctKey.import_key(b"k" * 32), algorithms=["HS256"])), "signature"),
    ("alg none", lambda: form(segment({"alg": "none", "x5t#S256": X5T_S256}) + "." + segment(claims()) + "."), "signature"),
    ("tampered payload", lambda: form(tamper(assertion())), "signature"),
    ("garbage", lambda: form("not.a.jwt"), "signature"),
    ("iss another client", lambda: form(assertion(claims(iss="other"))), "iss"),
    ("no iss", lambda: form(assertion(claims(iss=None))), "iss"),
    ("sub another client", lambda: form(assertion(claims(sub="other"))), "sub"),
    ("aud the issuer", lambda: form(assertion(claims(aud="https://127.0.0.1:8443"))), "aud"),
    ("aud missing", lambda: form(assertion(claims(aud=None))), "aud"),
    ("exp missing", lambda: form(assertion(claims(exp=None))), "exp is missing"),
    ("exp a string", lambda: form(assertion(claims(exp=str(NOW + 300)))), "exp is missing"),
    ("exp passed", lambda: form(assertion(claims(exp=NOW))), "exp has passed"),
    ("exp 11 minutes ahead", lambda: form(assertion(claims(exp=NOW + 661))), "10 minutes"),
    ("nbf in the future", lambda: form(assertion(claims(nbf=NOW + 60))), "nbf"),
    ("iat in the future", lambda: form(assertion(claims(iat=NOW + 60))), "iat"),
    ("jti missing", lambda: form(assertion(claims(jti=None))), "jti is missing"),
    ("jti empty", lambda: form(assertion(claims(jti=""))), "jti is missing"),
    ("x5t#S256 missing", lambda: form(assertion(x5t_S256=None)), "x5t#S256"),
    ("x5t#S256 of another certificate", lambda: form(assertion(x5t_S256="A" * 43)), "x5t#S256"),
    ("x5t of another certificate", lambda: form(assertion(x5t="A" * 27)), "x5t is not"),
    ("client_secret too", lambda: form(assertion(), client_secret=["s3cret"]), "client_secret"),
    ("wrong assertion type", lambda: form(assertion(), client_assertion_type=["jwt-bearer"]), "client_assertion_type"),
    ("no assertion type", lambda: form(assertion(), client_assertion_type=None), "client_assertion_type"),
    ("two assertions", lambda: form(assertion(), client_assertion=[assertion(), assertion()]), "exactly once"),
    ("no assertion", lambda: form(assertion(), client_assertion=None), "exactly once"),
    ("client_id of another client", lambda: form(assertion(), client_id=["other"]), "client_id"),
]


def tamper(value: str) -> str:
    header, _, signature = value.split(".")
    return f"{header}.{segment(claims(sub='admin'))}.{signature}"


def segment(value: dict) -> str:
    return b64url(json.dumps(value).encode())


@pytest.mark.parametrize("name,make,reason", BAD, ids=[b[0] for b in BAD])
def test_a_bad_assertion_is_refused(name, make, reason):
    with pytest.raises(AssertionRejected, match=re.escape(reason)):
        verifier().verify(make(), token_endpoint=ENDPOINT)


def test_a_basic_authorization_header_is_refused():
    with pytest.raises(AssertionRejected, match="Authorization"):
        verifier().verify(form(assertion()), token_endpoint=ENDPOINT, authorization="Basic Y2xpZW50OnNlY3JldA==")


def test_a_refused_assertion_does_not_burn_its_jti():
    v = verifier()
    good = claims(jti="once")
    with pytest.raises(AssertionRejected):
        v.verify(form(assertion(good), client_id=["other"]), token_endpoint=ENDPOINT)
    assert v.verify(form(assertion(good)), token_endpoint=ENDPOINT) == CLIENT


def test_the_mock_token_endpoint_requires_the_assertion(tmp_path):
    """RequestLogger in assertion mode: invalid_client for a secret, the assertion stripped before the library."""
    seen: list[dict] = []

    def library(environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        seen.append(urllib.parse.parse_qs(body.decode()))
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b"{}"]

    log = tmp_path / "requests.log"
    app = RequestLogger(library, log, tmp_path / "tokens.log", AssertionVerifier(CLIENT, CERT_PEM))
    client = werkzeug.test.Client(app)
    secret = client.post("/oauth2/token", base_url="https://127.0.0.1:8443",
                         data={"grant_type": "authorization_code", "client_id": CLIENT, "client_secret": "s"})
    assert secret.status_code == 401 and secret.json["error"] == "invalid_client"
    now = int(time.time())
    value = assertion(claims(iat=now, nbf=now, exp=now + 300, jti="live-1"))
    ok = client.post("/oauth2/token", base_url="https://127.0.0.1:8443",
                     data={"grant_type": "authorization_code", "client_id": CLIENT,
                           "client_assertion_type": ASSERTION_TYPE, "client_assertion": value})
    assert ok.status_code == 200
    assert seen == [{"grant_type": ["authorization_code"], "client_id": [CLIENT]}]
    replay = client.post("/oauth2/token", base_url="https://127.0.0.1:8443",
                         data={"grant_type": "authorization_code", "client_id": CLIENT,
                               "client_assertion_type": ASSERTION_TYPE, "client_assertion": value})
    assert replay.status_code == 401 and "already used" in replay.json["error_description"]
    assert log.read_text().splitlines() == [
        "POST /oauth2/token grant_type=authorization_code client_auth=rejected",
        "POST /oauth2/token grant_type=authorization_code client_auth=assertion",
        "POST /oauth2/token grant_type=authorization_code client_auth=rejected",
    ]
