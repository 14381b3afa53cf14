"""The tutorial's flow through Apache against oidc-provider-mock under TLS, one hop at a time (issues 3 and 4)."""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import requests

from . import flow
from .flow import absolute, location, query_of


def discovery(provider, site) -> dict:
    return site.http.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=flow.TIMEOUT).json()


def test_sign_in_and_sign_out_hop_by_hop(site, provider):
    settings = site.configure(provider)
    meta = discovery(provider, site)
    provider.mark()

    # / without a session: to /login
    first = site.get("/")
    assert first.status_code == 302
    assert absolute(site.url("/"), location(first)) == site.url("/login")
    assert not flow.live_cookies(first)

    # /login: the Sign In link and a login-state cookie
    page = site.get("/login")
    assert page.status_code == 200
    assert "no-store" in page.headers.get("Cache-Control", "")
    link = flow.sign_in_link(page.text)
    assert link.split("?")[0] == meta["authorization_endpoint"]
    q = query_of(link)
    assert q["response_type"] == "code"
    assert q["client_id"] == settings["CLIENT_ID"]
    assert q["redirect_uri"] == site.url("/getAToken")
    assert {"openid", "profile", "offline_access", "email"} <= set(q["scope"].split(" "))
    assert len(q["state"]) >= 16 and len(q["nonce"]) >= 16 and q["state"] != q["nonce"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", q["code_challenge"]) and q["code_challenge_method"] == "S256"
    assert q["prompt"] == "select_account"
    [login_cookie] = [c for c in flow.set_cookies(page) if c.is_login_state]
    assert "httponly" in login_cookie.attributes
    assert login_cookie.attributes.get("samesite", "").lower() == "lax"
    assert login_cookie.attributes.get("path") == "/cgi-bin/signin.cgi"
    assert "secure" not in login_cookie.attributes, "plain-HTTP request: no Secure attribute"
    flow.assert_contract_jwe(login_cookie.value, settings["SESSION_SECRET"])
    assert q["state"] not in page.headers.get("Set-Cookie", ""), "the state must be sealed, not stored in clear"

    # the provider: its form, then approval as `ada`
    callback_url = flow.approve_at_mock(site.http, link, "ada")
    assert callback_url.split("?")[0] == site.url("/getAToken")
    back = query_of(callback_url)
    assert back["state"] == q["state"] and back["code"]
    site.secrets.add(back["code"])

    # the callback: a session cookie, the login state consumed, 302 to the index
    callback = site.http.get(callback_url, allow_redirects=False, timeout=flow.TIMEOUT)
    assert callback.status_code == 302, callback.text
    assert absolute(callback_url, location(callback)) == site.url("/")
    cookies = flow.set_cookies(callback)
    sessions = [c for c in cookies if c.is_session and not c.expires_now]
    assert sessions, f"no session cookie set: {[c.line for c in cookies]}"
    for c in sessions:
        assert "httponly" in c.attributes and c.attributes.get("samesite", "").lower() == "lax"
        assert c.attributes.get("path") == "/cgi-bin/signin.cgi"
        assert len(c.line) <= 4096
    assert any(c.name == login_cookie.name and c.expires_now for c in cookies), "login-state cookie must be expired"
    session_jwe = flow.session_cookie_value(site.http.cookies)
    flow.assert_contract_jwe(session_jwe, settings["SESSION_SECRET"])
    assert sorted(provider.paths_since_mark()) == sorted([
        "GET /.well-known/openid-configuration", "GET /oauth2/authorize", "POST /oauth2/authorize",
        "POST /oauth2/token", "GET /jwks"]), provider.paths_since_mark()
    [token_call] = [line for line in provider.requests_since_mark() if line.startswith("POST /oauth2/token")]
    assert "grant_type=authorization_code" in token_call and "pkce=yes" in token_call

    # the index: welcome and claims
    home = site.get("/")
    assert home.status_code == 200, home.text
    assert "Welcome Ada Lovelace!" in home.text
    assert "ada@example.org" in home.text
    assert re.search(r"<th>sub</th>\s*<td>ada</td>", home.text)
    assert 'href="' in home.text and "/logout" in home.text

    # /logout: every cookie expired, off to the provider's end_session_endpoint
    held = {name for name in site.http.cookies.keys()}
    out = site.get("/logout")
    end_session = location(out)
    assert end_session.split("?")[0] == meta["end_session_endpoint"]
    assert "post_logout_redirect_uri=" + urllib.parse.quote(site.url("/"), safe="") in end_session
    assert query_of(end_session)["post_logout_redirect_uri"] == site.url("/")
    expired = {c.name for c in flow.set_cookies(out) if c.expires_now}
    assert held <= expired, f"cookies left alive by /logout: {held - expired}"
    assert not site.http.cookies.keys()

    # the provider's end-session page, its confirmation, and back to the index: signed out
    confirm_page = site.http.get(end_session, allow_redirects=False, timeout=flow.TIMEOUT)
    assert confirm_page.status_code == 200
    confirmed = site.http.post(f"{provider.issuer}/oauth2/end_session/confirm",
                               data={"redirect_uri": site.url("/")}, allow_redirects=False, timeout=flow.TIMEOUT)
    assert location(confirmed) == site.url("/")
    after = site.get("/")
    assert after.status_code == 302 and absolute(site.url("/"), location(after)) == site.url("/login")


def test_cookies_open_with_a_standard_jose_library(site, provider):
    settings = site.configure(provider)
    done = flow.sign_in(site, provider)
    payload = flow.decrypt_with_joserfc(flow.session_cookie_value(site.http.cookies), settings["SESSION_SECRET"])
    assert b'"ada"' in payload
    login_payload = flow.decrypt_with_joserfc(done.login_cookie.value, settings["SESSION_SECRET"])
    assert json.loads(login_payload), "the login state is JSON once decrypted"


def test_the_empty_path_redirects_to_login_too(site, provider):
    site.configure(provider)
    answer = site.http.get(site.url(""), allow_redirects=False, timeout=flow.TIMEOUT)
    assert answer.status_code == 302
    assert absolute(site.url(""), location(answer)) == site.url("/login")


def test_several_tabs_can_sign_in_at_once(site, provider):
    site.configure(provider)
    _, first_link, first_cookie = flow.start_login(site.http, site.url("/login"))
    _, second_link, second_cookie = flow.start_login(site.http, site.url("/login"))
    assert first_cookie.name != second_cookie.name
    callback_url = flow.approve_at_mock(site.http, first_link, "ada")
    answer = site.http.get(callback_url, allow_redirects=False, timeout=flow.TIMEOUT)
    assert answer.status_code == 302, answer.text
    assert "Welcome Ada Lovelace!" in site.get("/").text


def test_a_fresh_sign_in_replaces_the_session(site, provider):
    site.configure(provider)
    site.http.put(f"{provider.issuer}/users/grace", json={"name": "Grace Hopper", "email": "grace@example.org"},
                  timeout=flow.TIMEOUT).raise_for_status()
    flow.sign_in(site, provider, "ada")
    again = flow.sign_in(site, provider, "grace")
    assert "Welcome Grace Hopper!" in again.home.text
    assert "Ada Lovelace" not in again.home.text and "ada@example.org" not in again.home.text


def test_claims_are_escaped_on_the_index(site, provider):
    site.configure(provider)
    evil = '<img src=x onerror="alert(1)">'
    site.http.put(f"{provider.issuer}/users/mallory", json={"name": evil, "email": "m@example.org"},
                  timeout=flow.TIMEOUT).raise_for_status()
    done = flow.sign_in(site, provider, "mallory")
    assert evil not in done.home.text
    assert f"Welcome {html.escape(evil, quote=False)}!" in done.home.text or "Welcome &lt;img" in done.home.text


def test_missing_client_id_gives_a_configuration_error_naming_it(site, provider):
    site.configure(provider)
    site.update(CLIENT_ID=None)
    answer = site.get("/")
    assert 500 <= answer.status_code < 600 or answer.status_code == 200
    assert "CLIENT_ID" in answer.text
    assert site.settings["CLIENT_SECRET"] not in answer.text and site.settings["SESSION_SECRET"] not in answer.text
    assert not flow.live_cookies(answer)


# --- the downstream API, refresh, timeouts

def api(site, http: requests.Session | None = None) -> requests.Response:
    return site.get("/call_downstream_api", http)


def test_the_api_call_shows_the_providers_userinfo(site, provider):
    site.configure(provider)
    flow.sign_in(site, provider)
    provider.mark()
    answer = api(site)
    assert answer.status_code == 200, answer.text
    shown = html.unescape(re.search(r"<pre>(.*?)</pre>", answer.text, re.S).group(1))
    assert json.loads(shown) == {"sub": "ada", "name": "Ada Lovelace", "email": "ada@example.org",
                                 "preferred_username": "ada@example.org"}
    assert provider.paths_since_mark() == ["GET /userinfo"], "a fresh token is reused, not refreshed"


def test_the_api_call_when_signed_out_goes_to_login(site, provider):
    site.configure(provider)
    provider.mark()
    answer = api(site)
    assert answer.status_code == 302
    assert absolute(site.url("/"), location(answer)) == site.url("/login")
    assert provider.paths_since_mark() == []


def test_an_expiring_then_expired_access_token_is_refreshed(site, provider):
    site.configure(provider)
    flow.sign_in(site, provider)
    # 100 s left on the 1-hour token: under the 5-minute margin, so the program refreshes first.
    for offset in ("3500", "7300"):
        site.update(SIGNIN_TEST_TIME_OFFSET=offset)
        provider.mark()
        answer = api(site)
        assert answer.status_code == 200, f"offset {offset}: {answer.status_code} {answer.text[:800]} {site.reasons()}"
        assert "Ada Lovelace" in answer.text
        calls = provider.requests_since_mark()
        assert any(c.startswith("POST /oauth2/token grant_type=refresh_token") for c in calls), calls
        assert calls[-1] == "GET /userinfo"
        assert any(c.is_session and not c.expires_now for c in flow.set_cookies(answer)), "refreshed tokens are kept"
    # The refreshed token is fresh again: no second refresh.
    provider.mark()
    assert api(site).status_code == 200
    assert provider.paths_since_mark() == ["GET /userinfo"]


def test_revoked_tokens_send_the_user_to_login(site, provider):
    site.configure(provider)
    flow.sign_in(site, provider)
    site.http.post(f"{provider.issuer}/users/ada/revoke-tokens", timeout=flow.TIMEOUT).raise_for_status()
    site.update(SIGNIN_TEST_TIME_OFFSET="3500")
    provider.mark()
    answer = api(site)
    assert answer.status_code == 302, answer.text
    assert absolute(site.url("/"), location(answer)) == site.url("/login")
    assert any(c.startswith("POST /oauth2/token grant_type=refresh_token") for c in provider.requests_since_mark())
    assert "GET /userinfo" not in provider.paths_since_mark()
    flow.assert_no_session_set(answer)


def test_an_idle_session_ends(site, provider):
    site.configure(provider, SESSION_IDLE_TIMEOUT="900")
    flow.sign_in(site, provider)
    site.update(SIGNIN_TEST_TIME_OFFSET="600")
    assert site.get("/").status_code == 200, "within the idle timeout"
    site.update(SIGNIN_TEST_TIME_OFFSET="1300")   # 700 s after the last use: still fine
    assert site.get("/").status_code == 200, "the idle clock restarts on use"
    site.update(SIGNIN_TEST_TIME_OFFSET="2300")   # 1000 s idle
    ended = site.get("/")
    assert ended.status_code == 302 and absolute(site.url("/"), location(ended)) == site.url("/login")
    assert any(c.is_session and c.expires_now for c in flow.set_cookies(ended))
    assert api(site).status_code == 302


def test_a_session_ends_at_its_maximum_lifetime(site, provider):
    site.configure(provider, SESSION_MAX_LIFETIME="3000", SESSION_IDLE_TIMEOUT="86400")
    flow.sign_in(site, provider)
    site.update(SIGNIN_TEST_TIME_OFFSET="2900")
    assert site.get("/").status_code == 200
    site.update(SIGNIN_TEST_TIME_OFFSET="3100")
    ended = site.get("/")
    assert ended.status_code == 302 and absolute(site.url("/"), location(ended)) == site.url("/login")
    provider.mark()
    assert api(site).status_code == 302
    assert provider.paths_since_mark() == [], "an ended session is not renewed"
