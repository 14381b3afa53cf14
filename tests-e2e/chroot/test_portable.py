"""signin.cgi runs on a host without libcurl, OpenSSL 3, the Swift runtime or a recent glibc.

A minimal Debian 11 root (glibc 2.31, no libcurl, no libssl3, no Swift) gets only the built binary and a CA file;
nothing is mounted in it, not even /proc. From inside it the binary answers the fixture requests the same way it does on the build host,
and completes a real sign-in against the TLS test provider on loopback, once by IP address and once by a
host name that only the chroot's /etc/hosts knows (glibc's built-in `files` resolver, no NSS library).
Opt-in: SIGNIN_CHROOT_TEST=1 (see conftest.py); run with tests-e2e/chroot/run.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import pytest
import requests

from e2e import flow, harness
from e2e.harness import Provider

from . import cgirun
from .cgirun import CookieJar
from .pki import make_pki
from .rootfs import REPO, Chroot

BINARY = REPO / "cgi-bin" / "signin.cgi"
FIXTURES = sorted((REPO / "Tests" / "Fixtures" / "requests").glob("*.env"))
HOST_NAME = "signin-provider.test"   # resolved through the chroot's /etc/hosts only
SCRIPT = "/cgi-bin/signin.cgi"
USER, USER_CLAIMS = "ada", {"name": "Ada Lovelace", "email": "ada@example.org"}
CHROOT_CA = "/etc/signin/ca.pem"


@pytest.fixture(scope="module")
def tmp() -> Path:
    d = Path(tempfile.mkdtemp(prefix="signin-chroot-test-"))
    yield d
    subprocess.run(["rm", "-rf", "--one-file-system", str(d)], check=False)


@pytest.fixture(scope="module")
def pki(tmp: Path):
    return make_pki(tmp / "pki", HOST_NAME)


@pytest.fixture(scope="module")
def chroot(pki):
    if os.geteuid() != 0:
        pytest.fail("the chroot test needs root (chroot)")
    if not os.access(BINARY, os.X_OK):
        pytest.fail(f"{BINARY} is missing: run scripts/build (tests-e2e/chroot/run does)")
    c = Chroot.create()
    try:
        c.install(BINARY, "/signin.cgi", 0o755)
        c.install(pki.ca_pem, CHROOT_CA, 0o644)
        c.add_host("127.0.0.1", HOST_NAME)
        yield c
    finally:
        c.remove()


@pytest.fixture(scope="module")
def provider(tmp: Path, pki) -> Provider:
    p = harness.start_provider_process("mock_provider", tmp / "provider", pki, ["--users", json.dumps({USER: USER_CLAIMS})])
    yield p
    p.stop()


def in_chroot(c: Chroot, env: dict[str, str], stdin: bytes = b"") -> cgirun.CGIAnswer:
    return cgirun.run(["/usr/sbin/chroot", str(c.root)], "/signin.cgi", env, stdin)


def on_host(env: dict[str, str], stdin: bytes = b"") -> cgirun.CGIAnswer:
    return cgirun.run([], str(BINARY), env, stdin)


# ------------------------------------------------------------------------------------------------ the binary

def test_binary_is_fully_static_and_the_chroot_lacks_its_libraries(chroot: Chroot):
    ldd = subprocess.run(["ldd", str(BINARY)], capture_output=True, text=True)
    assert "not a dynamic executable" in ldd.stdout + ldd.stderr, ldd.stdout + ldd.stderr
    assert chroot.shared_libraries(["libcurl.so", "libssl.so.3", "libcrypto.so.3", "libswiftCore"]) == []
    assert "2.31" in chroot.glibc_version(), chroot.glibc_version()
    assert not any(chroot.path("/proc").iterdir()), "/proc is mounted in the chroot: the test would not show it is unneeded"
    version = subprocess.run(["/usr/sbin/chroot", str(chroot.root), "/signin.cgi", "--version"], capture_output=True, text=True,
                             timeout=30, env={})
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip(), "--version printed nothing"


# ------------------------------------------------------------------------------------------------ fixtures

@pytest.mark.parametrize("fixture", FIXTURES or [None], ids=lambda p: p.stem if p else "no-fixtures")
def test_fixture_request_answers_the_same_inside_the_chroot(chroot: Chroot, fixture: Path | None):
    assert fixture is not None, "Tests/Fixtures/requests/*.env: no fixture requests found"
    env = cgirun.read_env_file(fixture.read_text())
    body = fixture.with_suffix(".body")
    stdin = body.read_bytes() if body.exists() else b""
    inside, outside = in_chroot(chroot, env, stdin), on_host(env, stdin)
    assert inside.status == outside.status, (inside.status, outside.status, inside.stderr)
    names = lambda a: sorted({k.lower() for k, _ in a.headers})
    assert names(inside) == names(outside)
    assert inside.header("Location") == outside.header("Location")
    assert "fatal" not in inside.stderr.lower() and "swift runtime" not in inside.stderr.lower(), inside.stderr


# ------------------------------------------------------------------------------------------------ sign-in

def request_env(settings: dict[str, str], path: str, query: str = "", jar: CookieJar | None = None) -> dict[str, str]:
    env = {"GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_METHOD": "GET",
           "SERVER_SOFTWARE": "chroot-test", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8080",
           "HTTP_HOST": "127.0.0.1:8080", "REMOTE_ADDR": "127.0.0.1", "SCRIPT_NAME": SCRIPT,
           "PATH_INFO": path, "QUERY_STRING": query, **settings}
    if jar is not None and jar.values:
        env["HTTP_COOKIE"] = jar.header()
    return env


@pytest.mark.parametrize("host", ["127.0.0.1", HOST_NAME])
def test_sign_in_from_inside_the_chroot(chroot: Chroot, provider: Provider, pki, host: str):
    cache = f"/var/cache/signin-{host}"
    chroot.path(cache).mkdir(mode=0o700, parents=True, exist_ok=True)
    authority = f"https://{host}:{provider.port}"
    settings = {"CLIENT_ID": "chroot-client", "CLIENT_SECRET": "chroot-secret-" + os.urandom(6).hex(),
                "SESSION_SECRET": base64.b64encode(os.urandom(32)).decode(), "OIDC_AUTHORITY": authority,
                "CA_BUNDLE": CHROOT_CA, "CACHE_DIR": cache, "SCOPE": "email", "ENDPOINT": f"{authority}/userinfo"}
    jar = CookieJar()
    provider.mark()

    # signed out: / sends the browser to /login
    first = in_chroot(chroot, request_env(settings, "/"))
    assert first.status == 302 and (first.header("Location") or "").endswith(f"{SCRIPT}/login"), (first.status, first.headers, first.stderr)

    # /login: reaches the provider (metadata over TLS from inside the chroot) and links to its authorize endpoint
    login = in_chroot(chroot, request_env(settings, "/login", jar=jar))
    assert login.status == 200, (login.status, login.body[:1500], login.stderr)
    jar.update(login)
    link = flow.sign_in_link(login.body)
    assert link.startswith(f"{authority}/"), link

    # the user approves at the provider (from the host; the mock keeps codes whatever the Host header)
    browser = requests.Session()
    browser.trust_env = False
    browser.verify = str(pki.ca_pem)
    parts = urllib.parse.urlsplit(link)
    reachable = parts._replace(netloc=f"127.0.0.1:{provider.port}").geturl()
    callback = urllib.parse.urlsplit(flow.approve_at_mock(browser, reachable, USER))
    assert callback.path == f"{SCRIPT}/getAToken", callback

    # the callback: code redeemed and ID token validated from inside the chroot
    back = in_chroot(chroot, request_env(settings, "/getAToken", callback.query, jar))
    assert back.status == 302, (back.status, back.body[:1500], back.stderr)
    jar.update(back)
    assert any(name.startswith(flow.SESSION_COOKIE) for name in jar.values), jar.values.keys()

    home = in_chroot(chroot, request_env(settings, "/", jar=jar))
    assert home.status == 200, (home.status, home.body[:1500], home.stderr)
    assert "Welcome" in home.body and "Ada Lovelace" in home.body

    api = in_chroot(chroot, request_env(settings, "/call_downstream_api", jar=jar))
    assert api.status == 200, (api.status, api.body[:1500], api.stderr)
    assert "ada@example.org" in api.body

    calls = provider.paths_since_mark()
    for expected in ("GET /.well-known/openid-configuration", "GET /jwks", "POST /oauth2/token", "GET /userinfo"):
        assert expected in calls, calls
