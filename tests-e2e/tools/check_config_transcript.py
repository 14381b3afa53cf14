"""Writes docs/check-config-transcript.txt: `signin.cgi check-config` on five misconfigurations and a good one,
against the TLS test provider (tests-e2e/e2e/harness.py). Run as root from the repository:
    PYTHONPATH=tests .venv/bin/python tests-e2e/tools/check_config_transcript.py [cgi-bin/signin.cgi]
Paths, ports and secrets differ from run to run; the transcript shows them as they were.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import urllib.parse

import requests

from e2e import flow, harness

REPO = Path(__file__).resolve().parents[2]


def cgi(binary: Path, env: dict[str, str], path: str, query: str = "", cookie: str = "") -> str:
    """One CGI request to the binary, as Apache would make it; its whole output."""
    request = {**env, "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "SCRIPT_NAME": "/cgi-bin/signin.cgi",
               "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "localhost", "SERVER_PORT": "80"}
    if cookie:
        request["HTTP_COOKIE"] = cookie
    return subprocess.run([str(binary)], env=request, capture_output=True, text=True, timeout=60, check=True).stdout


def sign_in(binary: Path, env: dict[str, str], ws: harness.Workspace) -> None:
    """A whole sign-in through the CGI, so the cache holds the metadata and the keys as a live site's would."""
    page = cgi(binary, env, "/login")
    head, body = page.split("\n\n", 1) if "\n\n" in page else page.split("\r\n\r\n", 1)
    cookie = "; ".join(line.split(":", 1)[1].strip().split(";")[0] for line in head.splitlines()
                       if line.lower().startswith("set-cookie:"))
    http = requests.Session()
    http.trust_env = False
    http.verify = str(ws.pki.ca_pem)
    callback = flow.approve_at_mock(http, flow.sign_in_link(body), harness.TEST_USER)
    answer = cgi(binary, env, "/getAToken", urllib.parse.urlsplit(callback).query, cookie)
    assert answer.startswith("Status: 302"), answer[:500]


def main() -> None:
    binary = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "cgi-bin" / "signin.cgi").resolve()
    ws = harness.Workspace.create()
    provider = harness.start_mock_provider(ws)
    out: list[str] = []
    stopped: list[bool] = []
    try:
        tmp = Path(tempfile.mkdtemp(prefix="check-config-", dir=ws.root))
        base = harness.provider_settings(ws, provider, CACHE_DIR=str(tmp / "cache"))
        base["CLIENT_ID"] = "5f6c2a51-0f71-4a3e-9d7e-1d2b3c4d5e6f"

        def run(title: str, text: str, mode: int = 0o600, warm: bool = False, stop: bool = False) -> None:
            path = tmp / "signin.env"
            path.write_text(text)
            os.chmod(path, mode)
            env = {"PATH": "/usr/bin:/bin", "SIGNIN_CONFIG": str(path)}
            if warm:
                sign_in(binary, env, ws)
            if stop:
                provider.stop()
                stopped.append(True)
            r = subprocess.run([str(binary), "check-config"], env=env, capture_output=True, text=True, timeout=60)
            shown_text = text.replace(base["CLIENT_SECRET"], "<test client secret>").replace(base["SESSION_SECRET"], "<new-secret output>")
            shown = "\n".join(f"    {line}" for line in shown_text.rstrip("\n").splitlines())
            out.append(f"## {title}\n\n  {path} (mode {mode:o}):\n{shown}\n\n  $ SIGNIN_CONFIG={path} signin.cgi check-config\n"
                       + "".join(f"  {line}\n" for line in r.stdout.splitlines()) + f"  (exit {r.returncode})\n")

        def dotenv(values: dict[str, str]) -> str:
            return "".join(f"{k}={v}\n" for k, v in values.items())

        without_secret = {k: v for k, v in base.items() if k != "CLIENT_SECRET"}
        run("1. a good configuration", dotenv(base))
        run('2. the secret quoted with a comment after it: CLIENT_SECRET="abc"  # the secret (python-dotenv reads abc)',
            dotenv(without_secret) + 'CLIENT_SECRET="abc"  # the secret\n')
        run("3. a settings file others can read", dotenv(base), mode=0o644)
        entra = {k: v for k, v in base.items() if k not in ("OIDC_AUTHORITY", "CA_BUNDLE")}
        run("4. an AUTHORITY that ends in /v2.0",
            dotenv({**entra, "AUTHORITY": "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"}))
        typo = {("SESSION_SECERT" if k == "SESSION_SECRET" else k): v for k, v in base.items()}
        run("5. a typo'd name: SESSION_SECERT", dotenv(typo))
        run("6. the provider down, with a warm cache", dotenv(base), warm=True, stop=True)
    finally:
        if not stopped:
            provider.stop()
        ws.remove()
    target = REPO / "docs" / "check-config-transcript.txt"
    target.write_text("signin.cgi check-config: five misconfigurations and a good one, against the TLS test provider\n"
                      "(written by tests-e2e/tools/check_config_transcript.py; the files' secrets are shown as <...>)\n\n"
                      + "\n".join(out))
    print(target.read_text())


if __name__ == "__main__":
    main()
