"""CLIENT_CERTIFICATE through Apache: the token requests authenticate with a signed assertion (`private_key_jwt`,
RFC 7523 §2.2) that the test provider checks by every RFC 7523 §3 rule, refusing a replayed `jti`
(tests-e2e/e2e/assertion_verifier.py); a certificate file the program refuses is a configuration error before any
token request."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from . import flow, harness
from .flow import absolute, location, query_of

FIXTURES = harness.REPO / "Tests" / "CryptoTests" / "Fixtures"
CLIENT_PEM = FIXTURES / "client-pkcs8.pem"
# The first access token's lifetime: under the program's 5-minute renewal margin, so the first API call refreshes. The assertion's iat,
# nbf and exp come from the program's clock, which the provider checks against its own: moving only the program's
# clock with SIGNIN_TEST_TIME_OFFSET would make the provider refuse the assertion (see the last test).
ACCESS_TOKEN_SECONDS = 120


def other_certificate_pem() -> bytes:
    """A fresh self-signed RSA-2048 certificate that is not the program's."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "another client")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def cert_provider(workspace: harness.Workspace):
    """Accepts only assertions signed with client-pkcs8.pem's key."""
    p = harness.start_mock_provider(workspace, name="cert-provider", access_token_max_age=ACCESS_TOKEN_SECONDS,
                                    client_certificate=CLIENT_PEM)
    yield p
    p.stop()


@pytest.fixture(scope="module")
def stranger_provider(workspace: harness.Workspace):
    """Expects another certificate than the one the program holds."""
    registered = workspace.write_private(workspace.root / "stranger-cert.pem", other_certificate_pem(), mode=0o644)
    p = harness.start_mock_provider(workspace, name="stranger-provider", client_certificate=registered)
    yield p
    p.stop()


def use_certificate(site, provider, fixture: str = "client-pkcs8", mode: int = 0o640) -> Path:
    """Points the program at `provider` with CLIENT_CERTIFICATE (a root:www-data copy of the fixture) and no secret."""
    pem = site.ws.write_private(site.ws.root / f"client-{fixture}-{mode:o}.pem", (FIXTURES / f"{fixture}.pem").read_bytes(),
                                mode=mode)
    site.configure(provider, CLIENT_CERTIFICATE=str(pem))
    site.update(CLIENT_SECRET=None)
    return pem


def token_requests(provider) -> list[str]:
    return [line for line in provider.requests_since_mark() if line.startswith("POST /oauth2/token")]


def callback(site, provider):
    """/login, the provider's approval, then the callback; its answer (no redirect followed)."""
    _, link, _ = flow.start_login(site.http, site.url("/login"))
    callback_url = approve_at_mock(site, link)
    return site.http.get(callback_url, allow_redirects=False, timeout=flow.TIMEOUT)


def approve_at_mock(site, link: str) -> str:
    callback_url = flow.approve_at_mock(site.http, link, harness.TEST_USER)
    if code := query_of(callback_url).get("code"):
        site.secrets.add(code)
    return callback_url


def api(site):
    return site.get("/call_downstream_api")


def test_sign_in_and_refresh_authenticate_with_fresh_assertions(site, cert_provider):
    use_certificate(site, cert_provider)
    cert_provider.mark()
    done = flow.sign_in(site, cert_provider)
    assert "Welcome Ada Lovelace!" in done.home.text
    assert token_requests(cert_provider) == [
        "POST /oauth2/token grant_type=authorization_code client_auth=assertion pkce=yes"]

    # The access token expires within the renewal margin: the API call refreshes it. The provider accepted this
    # second assertion too, so its jti was not the first one's (the provider refuses a replay).
    cert_provider.mark()
    answer = api(site)
    assert answer.status_code == 200, f"{answer.status_code} {site.reasons()} {cert_provider.requests_since_mark()}"
    assert "Ada Lovelace" in answer.text
    assert token_requests(cert_provider) == ["POST /oauth2/token grant_type=refresh_token client_auth=assertion"]
    assert cert_provider.paths_since_mark()[-1] == "GET /userinfo"
    # The refreshed token (an hour long: the mock sets the short lifetime on the first token only) is reused.
    cert_provider.mark()
    assert api(site).status_code == 200
    assert cert_provider.paths_since_mark() == ["GET /userinfo"]
    assert not [line for line in cert_provider.all_requests() if "client_auth=rejected" in line]


def test_a_1024_bit_key_is_a_configuration_error_before_any_token_request(site, cert_provider):
    use_certificate(site, cert_provider, "client-rsa1024")
    cert_provider.mark()
    answer = callback(site, cert_provider)
    assert answer.status_code == 500, answer.text
    assert "Configuration error" in answer.text
    assert "CLIENT_CERTIFICATE" in answer.text and "fewer than 2048" in answer.text
    assert token_requests(cert_provider) == []
    flow.assert_no_session_set(answer)
    assert any("reason=certificate_invalid" in r and "invalid=CLIENT_CERTIFICATE" in r for r in site.reasons()), site.reasons()


def test_a_world_readable_certificate_file_is_refused_naming_the_fix(site, cert_provider):
    pem = use_certificate(site, cert_provider, mode=0o644)
    cert_provider.mark()
    answer = callback(site, cert_provider)
    assert answer.status_code == 500, answer.text
    assert "CLIENT_CERTIFICATE" in answer.text
    assert f"{pem}: mode 0644" in answer.text and f"chmod 640 {pem}" in answer.text, answer.text
    assert token_requests(cert_provider) == []
    flow.assert_no_session_set(answer)
    assert any("reason=settings_file_mode" in r for r in site.reasons()), site.reasons()


def test_a_provider_expecting_another_certificate_refuses_the_sign_in(site, stranger_provider):
    use_certificate(site, stranger_provider)
    stranger_provider.mark()
    answer = callback(site, stranger_provider)
    assert 400 <= answer.status_code < 500, f"{answer.status_code} {answer.text[:800]}"
    assert "invalid_client" in answer.text
    flow.assert_no_session_set(answer)
    assert token_requests(stranger_provider) == [
        "POST /oauth2/token grant_type=authorization_code client_auth=rejected"]
    assert any("reason=token_error" in r and "error=invalid_client" in r for r in site.reasons()), site.reasons()
    # Not signed in.
    home = site.get("/")
    assert home.status_code == 302 and absolute(site.url("/"), location(home)) == site.url("/login")


def test_a_refresh_assertion_the_provider_refuses_ends_the_session(site, cert_provider):
    use_certificate(site, cert_provider)
    flow.sign_in(site, cert_provider)
    # The program's clock an hour ahead: its assertion's iat and nbf are in the provider's future (RFC 7523 §3).
    site.update(SIGNIN_TEST_TIME_OFFSET="3500")
    cert_provider.mark()
    answer = api(site)
    assert answer.status_code == 302, answer.text
    assert absolute(site.url("/"), location(answer)) == site.url("/login")
    assert token_requests(cert_provider) == ["POST /oauth2/token grant_type=refresh_token client_auth=rejected"]
    assert "GET /userinfo" not in cert_provider.paths_since_mark()
    assert any(c.is_session and c.expires_now for c in flow.set_cookies(answer)), "the session is ended"
