"""Fixtures for the end-to-end suite: one workspace, TLS providers and Apache per session; a `site` per test.

Every server is a child process in its own process group, stopped by PID in a finalizer; readiness is polled
with a deadline. Apache runs the CGI as www-data, so every path the program needs lives in a 0755 temp folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from . import flow, harness
from .harness import Provider, Workspace

SCRIPT_PATH = "/cgi-bin/signin.cgi"
# What Apache (and nginx, fcgiwrap, lighttpd) write when a CGI program crashes or prints garbage: never acceptable.
CRASH_MARKERS = ("End of script output before headers", "Premature end of script headers", "malformed header",
                 "Segmentation fault", "Fatal error", "stack trace", "Illegal instruction", "AH01630",
                 "upstream prematurely closed", "upstream sent invalid header", "Cannot get script name",
                 "Cannot execute script", "response headers too large")


@pytest.fixture(scope="session")
def workspace():
    ws = Workspace.create()
    yield ws
    ws.remove()


@pytest.fixture(scope="session")
def installed(workspace: Workspace, signin_testhooks_bin: Path) -> Path:
    """The test build of the program (tests-e2e/conftest.py: cgi-bin/signin-testhooks.cgi, whose clock the suite can move
    with SIGNIN_TEST_TIME_OFFSET), copied into the workspace's cgi-bin."""
    return workspace.install_cgi(signin_testhooks_bin)


@pytest.fixture(scope="session")
def provider(workspace: Workspace):
    """oidc-provider-mock 0.3.4 under TLS; the predefined user `ada` is named Ada Lovelace."""
    p = harness.start_mock_provider(workspace)
    yield p
    p.stop()


@pytest.fixture(scope="session")
def adversary(workspace: Workspace):
    p = harness.start_adversary(workspace)
    yield p
    p.stop()


@pytest.fixture(scope="session")
def apache(workspace: Workspace):
    a = harness.start_workspace_apache(workspace)
    yield a
    a.stop()


class Site:
    """signin.cgi behind a web server for one test: its settings file, a cookie jar, and its slice of the log the
    program's stderr goes to (`server.error_log`; Apache by default, or any server with `base_url` and `error_log`).

    `write_settings` replaces the settings file (default: the workspace's, named by SIGNIN_CONFIG).
    """

    def __init__(self, ws: Workspace, apache, script_path: str = SCRIPT_PATH,
                 write_settings: Callable[[dict[str, str]], None] | None = None):
        self.ws, self.apache = ws, apache
        self.script_path = script_path
        self.write_settings = write_settings or ws.write_dotenv
        self.settings: dict[str, str] = {}
        self.providers: list[Provider] = []
        self.secrets: set[str] = set()
        self.cookie_values: set[str] = set()
        self.log_start = apache.error_log.stat().st_size if apache.error_log.exists() else 0
        self.http = self.new_browser()

    # --- requests

    def new_browser(self) -> requests.Session:
        """A fresh cookie jar that trusts the throwaway CA and records every cookie value it is sent."""
        http = requests.Session()
        http.trust_env = False   # REQUESTS_CA_BUNDLE and proxies from the environment would override `verify`
        http.verify = str(self.ws.pki.ca_pem)
        http.hooks["response"].append(self._record_cookies)
        return http

    def _record_cookies(self, response: requests.Response, *args, **kwargs):
        for c in flow.set_cookies(response):
            if c.value:
                self.cookie_values.add(c.value)

    @property
    def base(self) -> str:
        return self.apache.base_url

    def url(self, path: str = "/") -> str:
        return f"{self.base}{self.script_path}{path}"

    def get(self, path: str, http: requests.Session | None = None, **kwargs) -> requests.Response:
        return (http or self.http).get(self.url(path), allow_redirects=False, timeout=kwargs.pop("timeout", flow.TIMEOUT),
                                       **kwargs)

    # --- settings

    def configure(self, provider: Provider, **overrides: str) -> dict[str, str]:
        """Points the program at `provider` with a fresh secret and cache folder."""
        self.providers.append(provider)
        self.settings = harness.provider_settings(self.ws, provider, **overrides)
        self._write()
        return self.settings

    def update(self, **changes: str | None) -> None:
        """Changes settings between requests (None removes one)."""
        for k, v in changes.items():
            if v is None:
                self.settings.pop(k, None)
            else:
                self.settings[k] = v
        self._write()

    def _write(self) -> None:
        for key in ("CLIENT_SECRET", "SESSION_SECRET"):
            if self.settings.get(key):
                self.secrets.add(self.settings[key])
        self.write_settings(self.settings)

    # --- the error log

    def log(self) -> str:
        if not self.apache.error_log.exists():
            return ""
        with open(self.apache.error_log, "rb") as f:
            f.seek(self.log_start)
            return f.read().decode("utf-8", "replace")

    def reasons(self) -> list[str]:
        """The program's one-line reasons (`signin: ...`) logged during this test."""
        return [line[line.index("signin: "):] for line in self.log().splitlines() if "signin: " in line]

    def assert_log_clean(self) -> None:
        text = self.log()
        for marker in CRASH_MARKERS:
            assert marker not in text, f"the server's error log shows {marker!r}:\n{text[-3000:]}"
        tokens = {t for p in self.providers for t in p.issued_tokens()}
        for secret in self.secrets | tokens | self.cookie_values:
            if len(secret) >= 12:
                assert secret not in text, "a secret, token, code or cookie value reached the server's error log"


@pytest.fixture
def site(workspace: Workspace, apache: harness.Apache, installed: Path):
    s = Site(workspace, apache)
    yield s
    s.http.close()
    s.assert_log_clean()


CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                # The provider's certificate comes from the throwaway CA: only the browser skips the check;
                # signin.cgi itself verifies it through CA_BUNDLE.
                "--ignore-certificate-errors", "--window-size=1100,900", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(arg)
    # An explicit driver path: selenium-manager never downloads anything.
    service = Service(executable_path=CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
