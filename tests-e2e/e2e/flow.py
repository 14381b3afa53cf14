"""Small helpers for driving signin.cgi hop by hop: Set-Cookie parsing, links, JWE headers, the sign-in dance."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import urllib.parse
from dataclasses import dataclass

import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SESSION_COOKIE = "signin_session"
LOGIN_COOKIE_PREFIX = "signin_login_"
TIMEOUT = 30  # seconds for any single request


@dataclass
class SetCookie:
    name: str
    value: str
    attributes: dict[str, str]   # lower-cased attribute names; flags map to ""
    line: str

    @property
    def expires_now(self) -> bool:
        """True when this line deletes the cookie (Max-Age<=0, or an empty value with an Expires in the past)."""
        max_age = self.attributes.get("max-age")
        if max_age is not None:
            return int(max_age) <= 0
        return self.value == "" and "expires" in self.attributes

    @property
    def is_session(self) -> bool:
        return self.name == SESSION_COOKIE or self.name.startswith(SESSION_COOKIE + ".")

    @property
    def is_login_state(self) -> bool:
        return self.name.startswith(LOGIN_COOKIE_PREFIX)


def set_cookies(response: requests.Response) -> list[SetCookie]:
    """Every Set-Cookie line of one response, parsed (RFC 6265 §5.2, simplified)."""
    out = []
    for line in response.raw.headers.getlist("Set-Cookie"):
        first, *rest = line.split(";")
        name, _, value = first.strip().partition("=")
        attributes = {}
        for part in rest:
            key, _, val = part.strip().partition("=")
            attributes[key.strip().lower()] = val.strip()
        out.append(SetCookie(name.strip(), value.strip(), attributes, line))
    return out


def live_cookies(response: requests.Response) -> list[SetCookie]:
    """The cookies a response sets (rather than deletes)."""
    return [c for c in set_cookies(response) if not c.expires_now and c.value]


def assert_no_session_set(response: requests.Response) -> None:
    """A rejection must not leave the browser holding a session: no session cookie is set with a value."""
    live = [c.name for c in live_cookies(response) if c.is_session]
    assert not live, f"a rejected request set session cookie(s) {live}"


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def jwe_header(value: str) -> dict:
    """The protected header of a JWE compact value, after checking it has 5 parts (RFC 7516 §7.1)."""
    parts = value.split(".")
    assert len(parts) == 5, f"cookie value is not JWE compact (5 parts): {len(parts)} parts"
    assert parts[1] == "", "alg dir has an empty encrypted key (RFC 7518 §4.5)"
    return json.loads(b64url_decode(parts[0]))


def cookie_key(secret_b64: str) -> bytes:
    """The 64-byte cookie key per docs/contract.md: HKDF-SHA256(IKM=secret, salt empty, info 'signin.cgi cookie v1')."""
    return HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=b"signin.cgi cookie v1").derive(
        base64.b64decode(secret_b64 + "=" * (-len(secret_b64) % 4)))


def expected_kid(secret_b64: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(cookie_key(secret_b64)).digest()).rstrip(b"=").decode()[:8]


def assert_contract_jwe(value: str, secret_b64: str) -> dict:
    header = jwe_header(value)
    assert header["alg"] == "dir", header
    assert header["enc"] == "A256CBC-HS512", header
    assert header.get("zip") in (None, "DEF"), header
    assert header["kid"] == expected_kid(secret_b64), (header, "kid must be the first 8 chars of b64url(SHA-256(key))")
    return header


def decrypt_with_joserfc(value: str, secret_b64: str) -> bytes:
    """Opens a cookie with a standard JOSE library (the contract's promise to other programs on the site)."""
    from joserfc import jwe
    from joserfc.jwk import OctKey
    from joserfc.registry import HeaderParameter
    key = OctKey.import_key(cookie_key(secret_b64))
    # The vault's own protected-header parameters (purpose, expiry): RFC 7516 §4.3 private names.
    registry = jwe.JWERegistry(header_registry={"pur": HeaderParameter("purpose", "str"),
                                                "exp": HeaderParameter("expiry", "int")},
                               algorithms=["dir", "A256CBC-HS512", "DEF"])
    return jwe.decrypt_compact(value, key, registry=registry).plaintext


def session_cookie_value(jar: requests.cookies.RequestsCookieJar) -> str | None:
    """The session JWE from a cookie jar, joining `<name>.0`, `<name>.1`, … when it was split."""
    if SESSION_COOKIE in jar:
        return jar.get(SESSION_COOKIE)
    chunks, i = [], 0
    while f"{SESSION_COOKIE}.{i}" in jar:
        chunks.append(jar.get(f"{SESSION_COOKIE}.{i}"))
        i += 1
    return "".join(chunks) or None


def sign_in_link(page: str) -> str:
    """The href of the page's "Sign In" link, HTML-unescaped."""
    match = re.search(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>\s*Sign In\s*</a>', page)
    assert match, f"no 'Sign In' link on the page:\n{page[:1500]}"
    return html.unescape(match.group(1))


def query_of(url: str) -> dict[str, str]:
    pairs = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)
    names = [k for k, _ in pairs]
    assert len(names) == len(set(names)), f"duplicated query parameters in {url}"
    return dict(pairs)


def location(response: requests.Response) -> str:
    assert response.status_code in (301, 302, 303, 307), f"expected a redirect, got {response.status_code}:\n{response.text[:1500]}"
    return response.headers["Location"]


def absolute(base: str, url: str) -> str:
    return urllib.parse.urljoin(base, url)


@dataclass
class SignIn:
    """What one sign-in left behind, for assertions."""
    authorize_url: str
    callback_url: str
    callback: requests.Response
    home: requests.Response
    login_cookie: SetCookie


def start_login(http: requests.Session, login_url: str) -> tuple[requests.Response, str, SetCookie]:
    """GET /login: the page, its Sign In link, and the login-state cookie it set."""
    page = http.get(login_url, allow_redirects=False, timeout=TIMEOUT)
    assert page.status_code == 200, f"/login answered {page.status_code}:\n{page.text[:1500]}"
    link = sign_in_link(page.text)
    states = [c for c in live_cookies(page) if c.is_login_state]
    assert len(states) == 1, f"/login must set one login-state cookie, set {[c.name for c in set_cookies(page)]}"
    return page, link, states[0]


def approve_at_mock(http: requests.Session, authorize_url: str, user: str) -> str:
    """At oidc-provider-mock: GET the authorize page (a form), POST `sub=<user>`; returns the callback URL."""
    form = http.get(authorize_url, allow_redirects=False, timeout=TIMEOUT)
    assert form.status_code == 200, f"provider authorize page: {form.status_code}\n{form.text[:1500]}"
    assert 'name="sub"' in form.text
    approved = http.post(authorize_url, data={"sub": user}, allow_redirects=False, timeout=TIMEOUT)
    return location(approved)


def sign_in(site, provider, user: str = "ada", http: requests.Session | None = None) -> SignIn:
    """The whole dance through Apache with one cookie jar; asserts only what every sign-in must show."""
    http = http or site.http
    _, link, login_cookie = start_login(http, site.url("/login"))
    callback_url = approve_at_mock(http, link, user)
    code = query_of(callback_url).get("code")
    if code:
        site.secrets.add(code)
    callback = http.get(callback_url, allow_redirects=False, timeout=TIMEOUT)
    assert callback.status_code == 302, f"callback answered {callback.status_code}:\n{callback.text[:1500]}\n{site.reasons()}"
    home = http.get(absolute(callback_url, location(callback)), allow_redirects=False, timeout=TIMEOUT)
    assert home.status_code == 200, f"index after sign-in answered {home.status_code}:\n{home.text[:1500]}"
    return SignIn(link, callback_url, callback, home, login_cookie)
