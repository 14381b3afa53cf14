"""signin.cgi against a misbehaving provider (adversarial_provider.py): every rejection is a 4xx page with no
session cookie, and the provider's request log shows which endpoints were (not) called."""

from __future__ import annotations

import time

import pytest
import requests

from . import flow
from .adversarial_provider import ERROR_DESCRIPTION_HTML
from .flow import absolute, location, query_of

DISCOVERY = "GET /.well-known/openid-configuration"
AUTHORIZE = "GET /authorize"
TOKEN = "POST /token"
JWKS = "GET /jwks"


def begin(site, adversary, case: str, http: requests.Session | None = None) -> str:
    """/login through Apache, then the adversary's authorize endpoint; returns the callback URL it sends back."""
    http = http or site.http
    adversary.control(case=case)
    _, link, _ = flow.start_login(http, site.url("/login"))
    assert link.startswith(adversary.issuer + "/authorize?")
    return location(http.get(link, allow_redirects=False, timeout=flow.TIMEOUT))


def attempt(site, adversary, case: str, http: requests.Session | None = None, timeout: float = flow.TIMEOUT):
    """A whole sign-in attempt under `case`; returns the callback's answer."""
    http = http or site.http
    callback_url = begin(site, adversary, case, http)
    return http.get(callback_url, allow_redirects=False, timeout=timeout)


@pytest.fixture
def adv(site, adversary):
    """The site pointed at the adversary (fresh secret and cache), its request log marked, case reset after."""
    adversary.control(case="good")
    site.configure(adversary)
    adversary.mark()
    yield adversary
    adversary.control(case="good")


def assert_rejected(site, answer: requests.Response, *, status=range(400, 500)) -> None:
    assert answer.status_code in status, f"expected an error page, got {answer.status_code}:\n{answer.text[:1200]}"
    assert "text/html" in answer.headers.get("Content-Type", "")
    flow.assert_no_session_set(answer)
    assert "Welcome" not in answer.text
    assert site.reasons(), "a rejection logs a one-line reason (signin: ...) to Apache's error log"
    assert flow.SESSION_COOKIE not in site.http.cookies.keys()


def assert_signed_in(site, answer: requests.Response) -> None:
    assert answer.status_code == 302, f"{answer.status_code}: {answer.text[:1200]}\n{site.reasons()}"
    assert absolute(site.url("/"), location(answer)) == site.url("/")
    assert any(c.is_session and not c.expires_now for c in flow.set_cookies(answer))
    home = site.get("/")
    assert home.status_code == 200 and "Welcome Eve Adversary!" in home.text


# --- the ID token: each OpenID Connect Core 3.1.3.7 rule on its own ---------------------------------------

def assert_reason_mentions(site, word: str) -> None:
    """Rejected for the right reason: the logged one-liner carries the reason code (README "Log reasons")."""
    assert any(word in line for line in site.reasons()), f"no logged reason mentions {word!r}: {site.reasons()}"


@pytest.mark.parametrize("case, rule", [
    ("bad_signature", "reason=bad_signature"),   # signed by another key under the provider's kid
    ("wrong_iss", "reason=iss_claim_mismatch"),
    ("wrong_aud", "reason=aud_mismatch"),
    ("azp_wrong", "reason=azp_mismatch"),        # several audiences and azp is not us
    ("missing_sub", "reason=claim_missing claim=sub"),
    ("missing_iat", "reason=claim_missing claim=iat"),
    ("nonce_mismatch", "reason=nonce_mismatch"),
    ("expired", "reason=exp_expired"),           # exp an hour ago: beyond the 5-minute leeway
    ("future_iat", "reason=iat_in_future"),      # issued an hour from now
])
def test_an_id_token_breaking_a_rule_is_refused(site, adv, case, rule):
    answer = attempt(site, adv, case)
    assert_rejected(site, answer)
    assert_reason_mentions(site, rule)
    paths = adv.paths_since_mark()
    assert paths.count(TOKEN) == 1 and adv.notes_since_mark() == ["RESULT token ok"], \
        "the code was redeemed once, with PKCE, the exact redirect_uri and client authentication"
    assert paths.count(JWKS) == 1, f"keys fetched once (signature before claims; a known kid needs no refetch): {paths}"


@pytest.mark.parametrize("case", ["alg_none", "hs256_pubkey"])
def test_an_id_token_with_a_forbidden_algorithm_is_refused(site, adv, case):
    answer = attempt(site, adv, case)
    assert_rejected(site, answer)
    assert_reason_mentions(site, "reason=alg_not_allowed")
    assert adv.paths_since_mark().count(TOKEN) == 1
    assert adv.paths_since_mark().count(JWKS) <= 1


def test_an_id_token_without_kid_is_checked_against_each_fitting_key(site, adv):
    answer = attempt(site, adv, "no_kid")   # the JWKS lists a decoy key first
    assert_signed_in(site, answer)
    assert adv.notes_since_mark() == ["RESULT token ok"]


def test_key_rotation_refetches_the_keys_once(site, adv):
    assert_signed_in(site, attempt(site, adv, "good"))
    assert adv.paths_since_mark().count(JWKS) == 1
    adv.control(rotate=True)                              # a new kid, and only the new key in the JWKS
    site.update(SIGNIN_TEST_TIME_OFFSET="120")            # past the once-a-minute refetch limit
    adv.mark()
    second = site.new_browser()
    answer = attempt(site, adv, "good", http=second)
    site.http = second
    assert_signed_in(site, answer)
    paths = adv.paths_since_mark()
    assert paths.count(JWKS) == 1, f"an unknown kid triggers exactly one refetch: {paths}"
    assert DISCOVERY not in paths, "the metadata comes from the cache"


# --- the authorization response: refused before any token request -----------------------------------------

@pytest.mark.parametrize("case", ["wrong_iss_param", "missing_iss_param"])
def test_a_wrong_or_missing_rfc9207_iss_is_refused_before_the_token_request(site, adv, case):
    answer = attempt(site, adv, case)
    assert_rejected(site, answer)
    assert_reason_mentions(site, "iss")
    assert adv.paths_since_mark() == [DISCOVERY, AUTHORIZE], "no token request"


def test_a_forged_state_is_refused_before_the_token_request(site, adv):
    callback_url = begin(site, adv, "good")
    q = query_of(callback_url)
    forged = callback_url.replace("state=" + q["state"], "state=" + q["state"][::-1])
    answer = site.http.get(forged, allow_redirects=False, timeout=flow.TIMEOUT)
    assert_rejected(site, answer)
    assert_reason_mentions(site, "state")
    assert TOKEN not in adv.paths_since_mark()


def test_a_callback_without_its_login_state_cookie_is_refused(site, adv):
    callback_url = begin(site, adv, "good")
    stranger = site.new_browser()   # another browser: the victim of a login CSRF has no login-state cookie
    answer = stranger.get(callback_url, allow_redirects=False, timeout=flow.TIMEOUT)
    assert_rejected(site, answer)
    assert_reason_mentions(site, "state")
    assert TOKEN not in adv.paths_since_mark()


def test_an_error_response_is_shown_escaped(site, adv):
    answer = attempt(site, adv, "error_html")
    assert_rejected(site, answer)
    assert "access_denied" in answer.text
    assert "<script>" not in answer.text and "<b>bold</b>" not in answer.text
    assert "&lt;script&gt;" in answer.text
    assert adv.paths_since_mark() == [DISCOVERY, AUTHORIZE]


def test_a_replayed_callback_is_refused(site, adv):
    callback_url = begin(site, adv, "good")
    assert_signed_in(site, site.http.get(callback_url, allow_redirects=False, timeout=flow.TIMEOUT))
    adv.mark()
    replay = site.http.get(callback_url, allow_redirects=False, timeout=flow.TIMEOUT)
    assert replay.status_code in range(400, 500), replay.text[:800]
    assert not [c for c in flow.live_cookies(replay) if c.is_session], "a replay sets no new session"
    assert adv.paths_since_mark() == [], "the login state was consumed: the code is not redeemed again"


def test_a_code_the_provider_already_redeemed_is_refused(site, adv):
    first_callback = begin(site, adv, "good")
    assert_signed_in(site, site.http.get(first_callback, allow_redirects=False, timeout=flow.TIMEOUT))
    # A fresh login attempt whose callback carries the old code: the provider refuses the second redemption.
    fresh = site.new_browser()
    site.http = fresh
    adv.mark()
    second_callback = begin(site, adv, "good", http=fresh)
    old_code, new_code = query_of(first_callback)["code"], query_of(second_callback)["code"]
    site.secrets.update({old_code, new_code})
    answer = fresh.get(second_callback.replace(new_code, old_code), allow_redirects=False, timeout=flow.TIMEOUT)
    assert_rejected(site, answer)
    assert adv.notes_since_mark() == ["RESULT token code_reused"]


# --- the provider's configuration and availability -----------------------------------------------------

def test_a_metadata_issuer_mismatch_is_a_configuration_error_with_no_sign_in_link(site, adv):
    adv.control(case="metadata_issuer_mismatch")
    answer = site.get("/login")
    assert answer.status_code >= 400, answer.text[:800]
    assert "Sign In" not in answer.text and "/authorize" not in answer.text
    assert not flow.live_cookies(answer), "no login state without a trustworthy provider"
    assert adv.paths_since_mark() == [DISCOVERY]
    assert_reason_mentions(site, "issuer")


def test_a_failing_token_endpoint_gives_an_error_page(site, adv):
    answer = attempt(site, adv, "token_500")
    assert_rejected(site, answer, status=range(400, 600))
    assert adv.paths_since_mark() == [DISCOVERY, AUTHORIZE, TOKEN]


def test_a_hanging_token_endpoint_gives_an_error_page_within_the_client_timeout(site, adv):
    """The one slow case (~15 s): the adversary holds the token request for 25 s; the program's libcurl total
    timeout (15 s) must end it and answer with an error page well before Apache's or the browser's patience."""
    callback_url = begin(site, adv, "slow_token")
    started = time.monotonic()
    answer = site.http.get(callback_url, allow_redirects=False, timeout=40)
    elapsed = time.monotonic() - started
    assert_rejected(site, answer, status=range(400, 600))
    assert elapsed < 20, f"the program took {elapsed:.1f} s"
    assert adv.paths_since_mark() == [DISCOVERY, AUTHORIZE, TOKEN]
