"""signin.cgi cookies against an independent JOSE implementation (joserfc), docs/contract.md "Cookies".

The live, both-ways interop runs inside `swift test` (Tests/CookiesTests/JoseInteropTests.swift calls
tests-e2e/interop/jose_open.py and jose_seal.py). This suite checks the Python half on its own: cookies sealed by
signin's CookieVault (committed in tests-e2e/interop/swift_sealed.json; Tests/CookiesTests checks that Swift still
opens them) decrypt with joserfc under a key derived with `cryptography`'s HKDF, and tampering is caught.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from joserfc.errors import JoseError

from interop.cookie_jose import derive_key, kid_for, open_cookie, seal_cookie, unb64url

FIXTURE = json.loads((Path(__file__).parent / "interop" / "swift_sealed.json").read_text(encoding="utf-8"))
SECRET = unb64url(FIXTURE["secret"])
CASES = FIXTURE["cases"]


def test_the_kid_derivation_matches_signins():
    assert SECRET == bytes(range(32))
    key = derive_key(SECRET)
    assert len(key) == 64
    assert kid_for(key) == FIXTURE["kid"] == "bo3IGSsC"


@pytest.mark.parametrize("case", CASES, ids=[c["purpose"] for c in CASES])
def test_joserfc_opens_a_cookie_sealed_by_signin(case):
    header, payload = open_cookie(SECRET, case["jwe"])
    assert payload.decode("utf-8") == case["payload"]
    assert header["alg"] == "dir" and header["enc"] == "A256CBC-HS512"
    assert header["kid"] == FIXTURE["kid"]
    assert header["pur"] == case["purpose"]
    assert header["exp"] == case["exp"]
    assert ("zip" in header) == case["zip"]


@pytest.mark.parametrize("part", [2, 3, 4], ids=["iv", "ciphertext", "tag"])
def test_joserfc_refuses_a_tampered_signin_cookie(part):
    pieces = CASES[0]["jwe"].split(".")
    # Change the first character to another base64url character (a different first byte).
    pieces[part] = ("B" if pieces[part][0] == "A" else "A") + pieces[part][1:]
    with pytest.raises((JoseError, ValueError)):
        open_cookie(SECRET, ".".join(pieces))


def test_joserfc_refuses_a_signin_cookie_under_another_secret():
    with pytest.raises((JoseError, ValueError)):
        open_cookie(bytes(range(1, 33)), CASES[0]["jwe"])


@pytest.mark.parametrize("compress", [False, True])
def test_the_python_helpers_round_trip(compress):
    token = seal_cookie(SECRET, b"payload", "session", 4102444800, compress)
    header, payload = open_cookie(SECRET, token)
    assert payload == b"payload" and header["kid"] == "bo3IGSsC" and header["pur"] == "session"
    assert token.split(".")[1] == ""  # dir: empty encrypted key
