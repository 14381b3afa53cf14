"""Identity for other programs on the site (docs/identity-for-other-programs.md), through Apache: with COOKIE_PATH=/
the browser sends the session cookie to other CGI programs, and the example readers (examples/session_reader.py
and .php) open it and name the user; `/userinfo` answers scripts with JSON, never a redirect."""

from __future__ import annotations

import json
import subprocess
import time

import pytest
import requests
from joserfc import jwe
from joserfc.jwk import OctKey
from joserfc.registry import HeaderParameter
from selenium.webdriver.common.by import By

from . import browsing, flow, harness, readers
from .readers import READERS, Reader

JSON_TYPE = "application/json"
# signin.cgi's private protected-header parameters (RFC 7516 §4.3): the purpose and the expiry.
REGISTRY = jwe.JWERegistry(header_registry={"pur": HeaderParameter("purpose", "str"), "exp": HeaderParameter("expiry", "int")},
                           algorithms=["dir", "A256CBC-HS512", "DEF"])


@pytest.fixture(scope="session")
def reader_sources(workspace):
    return readers.install_sources(workspace)


@pytest.fixture
def cookie_site(site, provider, reader_sources):
    """signin.cgi with COOKIE_PATH=/, and both readers configured with the same secret, client id and issuer."""
    site.configure(provider, COOKIE_PATH="/")
    site.reader_sources = reader_sources
    for reader in READERS:
        configure_reader(site, reader)
    return site


def reader_env(site, **changes: str) -> dict[str, str]:
    env = {"SESSION_SECRET": site.settings["SESSION_SECRET"], "CLIENT_ID": site.settings["CLIENT_ID"],
           "ISSUER": site.providers[-1].issuer}
    env.update(changes)
    return env


def configure_reader(site, reader: Reader, **changes: str) -> None:
    readers.write_wrapper(site.ws, site.reader_sources, reader, reader_env(site, **changes))


def ask(site, reader: Reader, http: requests.Session | None = None, cookie: str | None = None) -> requests.Response:
    """GET the reader: with the jar's cookies (as a browser sends them, by path), or with exactly `cookie`."""
    url = site.base + reader.script_path()
    if cookie is not None:
        answer = requests.get(url, headers={"Cookie": cookie}, allow_redirects=False, timeout=flow.TIMEOUT)
    else:
        answer = (http or site.http).get(url, allow_redirects=False, timeout=flow.TIMEOUT)
    assert answer.headers.get("Content-Type", "").startswith(JSON_TYPE), (answer.status_code, answer.text[:800])
    return answer


def vault_key(site) -> OctKey:
    return OctKey.import_key(flow.cookie_key(site.settings["SESSION_SECRET"]))


def opened_session(site) -> tuple[dict, dict]:
    """The jar's session cookie, opened: (protected header, payload)."""
    value = flow.session_cookie_value(site.http.cookies)
    assert value, "signed in: a session cookie in the jar"
    opened = jwe.decrypt_compact(value, vault_key(site), registry=REGISTRY)
    return dict(opened.protected), json.loads(opened.plaintext)


def reseal(site, header: dict, payload: dict, key: OctKey | None = None) -> str:
    """A cookie sealed with the deployment's key (or `key`) as signin.cgi seals one: what a key holder could make."""
    return jwe.encrypt_compact(header, json.dumps(payload).encode(), key or vault_key(site), registry=REGISTRY)


def test_the_session_cookie_reaches_other_programs_only_with_cookie_path_root(site, provider, reader_sources):
    site.configure(provider)   # the default: Path is the script's own path
    site.reader_sources = reader_sources
    configure_reader(site, readers.PYTHON_READER)
    done = flow.sign_in(site, provider)
    assert all(c.attributes.get("path") == "/cgi-bin/signin.cgi" for c in flow.live_cookies(done.callback) if c.is_session)
    refused = ask(site, readers.PYTHON_READER)
    assert refused.status_code == 401 and refused.json() == {"error": "not_signed_in"}


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_a_reader_names_the_signed_in_user(cookie_site, provider, reader):
    site = cookie_site
    done = flow.sign_in(site, provider)
    sessions = [c for c in flow.live_cookies(done.callback) if c.is_session]
    assert sessions and all(c.attributes.get("path") == "/" for c in sessions)
    answer = ask(site, reader)
    assert answer.status_code == 200, (answer.text, site.log()[-2000:])
    me = answer.json()
    assert me["sub"] == harness.TEST_USER and me["name"] == "Ada Lovelace"
    assert me["email"] == "ada@example.org" and me["preferred_username"] == "ada@example.org"
    assert "at" not in me and "rt" not in me
    assert answer.headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_a_reader_joins_a_split_cookie_and_inflates_zip_def(cookie_site, provider, reader):
    site = cookie_site
    flow.sign_in(site, provider)
    header, payload = opened_session(site)
    packed = reseal(site, {**header, "zip": "DEF"}, payload)
    assert flow.jwe_header(packed)["zip"] == "DEF"
    third = len(packed) // 3
    split = f"{flow.SESSION_COOKIE}.0={packed[:third]}; {flow.SESSION_COOKIE}.1={packed[third:2 * third]}; " \
            f"{flow.SESSION_COOKIE}.2={packed[2 * third:]}"
    answer = ask(site, reader, cookie="theme=dark; " + split)
    assert answer.status_code == 200, answer.text
    assert answer.json()["name"] == "Ada Lovelace"


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_a_reader_refuses_anything_but_a_live_session_of_this_deployment(cookie_site, provider, reader):
    site = cookie_site
    done = flow.sign_in(site, provider)
    value = flow.session_cookie_value(site.http.cookies)
    header, payload = opened_session(site)
    now = int(time.time())
    name = flow.SESSION_COOKIE

    def refused(cookie: str, why: str, **env: str) -> None:
        configure_reader(site, reader, **env)
        answer = ask(site, reader, cookie=cookie)
        assert answer.status_code == 401, f"{why}: {answer.status_code} {answer.text}"
        assert "error" in answer.json() and "name" not in answer.json(), why

    assert ask(site, reader, cookie=f"{name}={value}").status_code == 200, "the untouched cookie is accepted"
    parts = value.split(".")
    flipped = parts[3][:-2] + ("A" if parts[3][-2] != "A" else "B") + parts[3][-1]
    refused(f"{name}={'.'.join([*parts[:3], flipped, parts[4]])}", "tampered ciphertext")
    refused(f"{name}={'.'.join([*parts[:4], parts[4][::-1]])}", "tampered tag")
    refused(f"{name}={value}", "another CLIENT_ID", CLIENT_ID="someone-else")
    refused(f"{name}={value}", "another issuer", ISSUER="https://login.example.invalid/v2.0")
    refused(f"{name}={value}", "another SESSION_SECRET", SESSION_SECRET=harness.new_secret())
    refused(f"{name}={reseal(site, header, {**payload, 'exp': now - 60})}", "payload exp passed")
    refused(f"{name}={reseal(site, {**header, 'exp': now - 60}, payload)}", "header exp passed")
    refused(f"{name}={reseal(site, {**header, 'pur': 'login'}, payload)}", "sealed for another purpose")
    refused(f"{name}={reseal(site, header, {**payload, 'v': 2})}", "unknown version")
    refused(f"{name}={reseal(site, header, {**payload, 'seen': now - 7200})}", "idle", SESSION_IDLE_TIMEOUT="3600")
    refused(f"{done.login_cookie.name}={done.login_cookie.value}", "only a login-state cookie")
    refused(f"{name}={done.login_cookie.value}", "a login-state cookie under the session's name")
    refused(f"{name}=not.a.jwe", "garbage")
    refused("", "no cookie")
    # The key holder's reseal with everything right is accepted: the refusals above are the checks, not the reseal.
    configure_reader(site, reader)
    assert ask(site, reader, cookie=f"{name}={reseal(site, header, payload)}").status_code == 200


def test_userinfo_answers_json_signed_in_and_401_json_signed_out(cookie_site, provider):
    site = cookie_site
    out = site.get("/userinfo")
    assert out.status_code == 401 and "Location" not in out.headers
    assert out.headers["Content-Type"].startswith(JSON_TYPE) and out.json() == {"error": "not_signed_in"}

    flow.sign_in(site, provider)
    me = site.get("/userinfo")
    assert me.status_code == 200, me.text
    assert me.headers["Content-Type"].startswith(JSON_TYPE) and "no-store" in me.headers.get("Cache-Control", "")
    body = me.json()
    assert body["sub"] == "ada" and body["name"] == "Ada Lovelace" and body["email"] == "ada@example.org"
    assert body["iss"] == provider.issuer
    assert not {"at", "rt", "atExp", "idExp"} & set(body), "no tokens or session bookkeeping in /userinfo"

    stranger = site.new_browser()
    stranger.cookies.set(flow.SESSION_COOKIE, flow.session_cookie_value(site.http.cookies)[:-4] + "AAAA", path="/")
    tampered = site.get("/userinfo", stranger)
    assert tampered.status_code == 401 and tampered.json() == {"error": "not_signed_in"}
    assert "Location" not in tampered.headers


def test_in_chromium_readers_and_a_pages_fetch_of_userinfo_see_the_signed_in_user(cookie_site, provider, browser):
    site = cookie_site
    browsing.sign_in(browser, site.url(""), provider)
    for reader in READERS:
        browser.get(site.base + reader.script_path())
        assert json.loads(browser.find_element(By.TAG_NAME, "body").text)["name"] == "Ada Lovelace", reader.name
    # What a page's JavaScript does (the document root's static page is on the same origin).
    browser.get(site.base + "/index.html")
    got = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: "same-origin", headers: {Accept: "application/json"}})
            .then(r => r.json().then(body => done({status: r.status, body})))
            .catch(e => done({status: 0, body: String(e)}));
    """, site.script_path + "/userinfo")
    assert got["status"] == 200 and got["body"]["name"] == "Ada Lovelace", got


def run_reader(reader: Reader, env: dict[str, str]) -> tuple[str, dict]:
    """A reader run once as a CGI program without a server: its Status line and JSON body."""
    program = readers.EXAMPLES / reader.source
    argv = [reader.interpreter, str(program)] if reader.interpreter else [str(program)]
    done = subprocess.run(argv, env={"PATH": "/usr/bin:/bin", "GATEWAY_INTERFACE": "CGI/1.1", **env},
                          capture_output=True, timeout=flow.TIMEOUT, stdin=subprocess.DEVNULL)
    head, _, body = done.stdout.decode().partition("\r\n\r\n")
    return head.splitlines()[0], json.loads(body)


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_over_https_a_reader_takes_only_the_prefixed_cookie_name(reader):
    secret, now = harness.new_secret(), int(time.time())
    header = {"alg": "dir", "enc": "A256CBC-HS512", "kid": flow.expected_kid(secret), "pur": "session", "exp": now + 600}
    payload = {"v": 1, "iss": "https://issuer.example", "sub": "s-1", "aud": "app", "claims": {"name": "Grace Hopper"},
               "created": now, "seen": now, "exp": now + 600}
    value = jwe.encrypt_compact(header, json.dumps(payload).encode(), OctKey.import_key(flow.cookie_key(secret)),
                                registry=REGISTRY)
    base = {"SESSION_SECRET": secret, "CLIENT_ID": "app", "ISSUER": "https://issuer.example", "HTTPS": "on"}
    cases = [({}, "__Host-signin_session", True), ({}, "signin_session", False), ({}, "__Secure-signin_session", False),
             ({"COOKIE_PATH": "/app"}, "__Secure-signin_session", True), ({"COOKIE_PATH": "/app"}, "__Host-signin_session", False),
             ({"HTTPS": "off"}, "signin_session", True), ({"HTTPS": "off"}, "__Host-signin_session", False)]
    for extra, name, accepted in cases:
        status, body = run_reader(reader, {**base, **extra, "HTTP_COOKIE": f"{name}={value}"})
        assert status.startswith("Status: 200" if accepted else "Status: 401"), (extra, name, status, body)
        assert (body.get("name") == "Grace Hopper") == accepted, (extra, name, body)
    # A previous secret still opens its cookies; a stranger's does not.
    rotated = {**base, "SESSION_SECRET": harness.new_secret(), "HTTP_COOKIE": f"__Host-signin_session={value}"}
    assert run_reader(reader, rotated)[0].startswith("Status: 401")
    assert run_reader(reader, {**rotated, "SESSION_SECRET_PREVIOUS": secret})[0].startswith("Status: 200")
    assert run_reader(reader, {**base, "CLIENT_ID": ""})[0].startswith("Status: 500"), "a missing setting is a 500"
