"""The end-to-end rig: a www-data-readable workspace, the TLS test provider, Apache, the settings file.

Used by tests-e2e/e2e/conftest.py and by scripts/demo (`python -m e2e.harness demo [--check]`, PYTHONPATH=tests-e2e).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import pwd
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import procs
from .apache import Apache, start_apache
from .pki import PKI, make_pki

REPO = Path(__file__).resolve().parents[2]
TESTS_DIR = REPO / "tests-e2e"
PYTHON = sys.executable

TEST_USER = "ada"
TEST_USER_CLAIMS = {"name": "Ada Lovelace", "email": "ada@example.org", "preferred_username": "ada@example.org"}
CLIENT_ID = "e2e-client"


def new_secret() -> str:
    """A fresh SESSION_SECRET: standard base64 of 32 random bytes."""
    return base64.b64encode(os.urandom(32)).decode()


def dotenv_text(settings: dict[str, str]) -> str:
    """A settings file's text: one NAME=value a line."""
    return "# written by tests-e2e/e2e\n" + "".join(f"{k}={v}\n" for k, v in settings.items())


@dataclass
class Workspace:
    """A temp folder every path of which the CGI (www-data) can reach: binary, settings, CA file, caches."""
    root: Path
    pki: PKI
    cgi_dir: Path
    www: Path
    dotenv: Path
    _caches: int = 0

    @classmethod
    def create(cls, binary: Path | None = None) -> "Workspace":
        root = Path(tempfile.mkdtemp(prefix="signin-e2e-"))
        os.chmod(root, 0o755)
        cgi_dir, www = root / "cgi-bin", root / "www"
        for d in (cgi_dir, www):
            d.mkdir(mode=0o755)
            os.chmod(d, 0o755)
        (www / "index.html").write_text("<!doctype html><title>e2e</title><p>static page</p>\n")
        os.chmod(www / "index.html", 0o644)
        ws = cls(root=root, pki=make_pki(root / "pki"), cgi_dir=cgi_dir, www=www, dotenv=root / "signin.env")
        ws.write_dotenv({})
        if binary is not None:
            ws.install_cgi(binary)
        return ws

    def install_cgi(self, program: Path, name: str = "signin.cgi") -> Path:
        """Copies a CGI program into the www-data-readable cgi-bin (so a rebuild mid-run cannot change it)."""
        target = self.cgi_dir / name
        shutil.copyfile(program, target)
        os.chmod(target, 0o755)
        return target

    def new_cache_dir(self) -> Path:
        """A fresh CACHE_DIR owned by www-data with mode 0700 (the program refuses one owned by someone else)."""
        self._caches += 1
        d = self.root / f"cache-{self._caches}"
        d.mkdir(mode=0o700)
        www = pwd.getpwnam("www-data")
        os.chown(d, www.pw_uid, www.pw_gid)
        os.chmod(d, 0o700)
        return d

    def write_dotenv(self, settings: dict[str, str], path: Path | None = None) -> None:
        """Replaces the settings file (default: `dotenv`) atomically; readable by www-data only (and root)."""
        self.write_private(path or self.dotenv, dotenv_text(settings).encode())

    def write_private(self, target: Path, data: bytes, mode: int = 0o640) -> Path:
        """Replaces `target` atomically with a root:www-data file of `mode`: with the default 0640 the CGI (www-data)
        may read it under the settings file's permission rule (a settings file, a CLIENT_CERTIFICATE PEM)."""
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.chown(tmp, 0, pwd.getpwnam("www-data").pw_gid)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        return target

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Provider:
    """A TLS provider subprocess that logs each request's method and path, one per line."""
    proc: subprocess.Popen
    port: int
    request_log: Path
    token_log: Path
    ca_pem: Path
    _mark: int = field(default=0)

    @property
    def issuer(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def mark(self) -> None:
        """Starts a new window for `requests_since_mark`."""
        self._mark = len(self.all_requests())

    def all_requests(self) -> list[str]:
        return self.request_log.read_text().splitlines() if self.request_log.exists() else []

    def requests_since_mark(self) -> list[str]:
        return self.all_requests()[self._mark:]

    def paths_since_mark(self) -> list[str]:
        """`METHOD PATH` of each request since the mark (notes such as `RESULT ...` lines left out)."""
        return [" ".join(line.split(" ")[:2]) for line in self.requests_since_mark()
                if line.split(" ")[0] in ("GET", "POST", "PUT", "DELETE", "HEAD")]

    def notes_since_mark(self) -> list[str]:
        return [line for line in self.requests_since_mark() if line.startswith("RESULT ")]

    def control(self, **order) -> dict:
        """Adversary only: sets the misbehaviour (`case=...`) or rotates its signing key (`rotate=True`)."""
        req = urllib.request.Request(f"{self.issuer}/_control", data=json.dumps(order).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        context = ssl.create_default_context(cafile=str(self.ca_pem))
        with urllib.request.urlopen(req, timeout=10, context=context) as answer:
            return json.loads(answer.read())

    def issued_tokens(self) -> list[str]:
        return self.token_log.read_text().split() if self.token_log.exists() else []

    def stop(self) -> None:
        procs.stop(self.proc)


def start_provider_process(module: str, directory: Path, pki: PKI, extra: list[str]) -> Provider:
    """Runs `python -m e2e.<module>` with the server certificate; waits until it listens and answers discovery."""
    directory.mkdir(mode=0o755, parents=True, exist_ok=True)
    port_file, request_log, token_log = directory / "port", directory / "requests.log", directory / "tokens.log"
    log = directory / "server.log"
    env = dict(os.environ, PYTHONPATH=str(TESTS_DIR), PYTHONUNBUFFERED="1")
    argv = [PYTHON, "-m", f"e2e.{module}", "--cert", str(pki.cert_pem), "--key", str(pki.key_pem),
            "--port-file", str(port_file), "--request-log", str(request_log), "--token-log", str(token_log), *extra]
    proc = procs.start(argv, log=log, env=env)
    try:
        procs.wait_for(port_file.exists, f"{module} port", proc=proc, log=log)
        port = int(port_file.read_text())
        provider = Provider(proc, port, request_log, token_log, pki.ca_pem)
        procs.wait_for(lambda: procs.url_answers(f"{provider.issuer}/.well-known/openid-configuration", pki.ca_pem),
                       f"{module} discovery", proc=proc, log=log)
    except BaseException:
        procs.stop(proc)
        raise
    request_log.write_text("")  # the readiness probe is not part of any test
    return provider


def start_mock_provider(ws: Workspace, *, name: str = "provider", access_token_max_age: int = 3600,
                        users: dict[str, dict] | None = None, client_certificate: Path | None = None) -> Provider:
    """With `client_certificate` (a PEM holding the app's certificate) the token endpoint accepts only
    private_key_jwt assertions for CLIENT_ID signed with that certificate's key (e2e.assertion_verifier)."""
    users = {TEST_USER: TEST_USER_CLAIMS} if users is None else users
    extra = ["--access-token-max-age", str(access_token_max_age), "--users", json.dumps(users)]
    if client_certificate is not None:
        extra += ["--require-client-assertion", str(client_certificate), "--client-id", CLIENT_ID]
    return start_provider_process("mock_provider", ws.root / name, ws.pki, extra)


def start_adversary(ws: Workspace) -> Provider:
    return start_provider_process("adversarial_provider", ws.root / "adversary", ws.pki, [])


def start_workspace_apache(ws: Workspace) -> Apache:
    return start_apache(directory=ws.root / "apache", cgi_dir=ws.cgi_dir, document_root=ws.www, dotenv=ws.dotenv)


def provider_settings(ws: Workspace, provider: Provider, **overrides: str) -> dict[str, str]:
    """The dotenv for signing in at `provider` (a fresh secret and cache folder each time)."""
    settings = {
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": "e2e-client-secret-" + base64.urlsafe_b64encode(os.urandom(9)).decode(),
        "SESSION_SECRET": new_secret(),
        "OIDC_AUTHORITY": provider.issuer,
        "CA_BUNDLE": str(ws.pki.ca_pem),
        "CACHE_DIR": str(ws.new_cache_dir()),
        "SCOPE": "email",
        "ENDPOINT": f"{provider.issuer}/userinfo",
    }
    settings.update(overrides)
    return settings


# ---------------------------------------------------------------------------------------------- demo

def _say(message: str) -> None:
    print(f"==> {message}", flush=True)


def _check_with_curl(ws: Workspace, url: str) -> None:
    """Follows the printed URL with curl to the sign-in link, then to the provider's sign-in page."""
    jar = ws.root / "curl-cookies.txt"
    login = subprocess.run(["curl", "-sS", "-L", "--max-redirs", "3", "-c", str(jar), "-b", str(jar), url],
                           capture_output=True, text=True, timeout=30, check=True).stdout
    match = re.search(r'href="(https://127\.0\.0\.1:\d+/[^"]*)"', login)
    if not match:
        raise SystemExit(f"demo check: no sign-in link on {url}:\n{login[:2000]}")
    link = match.group(1).replace("&amp;", "&")
    _say(f"curl follows the Sign In link to {link.split('?')[0]}")
    page = subprocess.run(["curl", "-sS", "--cacert", str(ws.pki.ca_pem), link],
                          capture_output=True, text=True, timeout=30, check=True).stdout
    if 'name="sub"' not in page:
        raise SystemExit(f"demo check: the provider's sign-in page was not reached:\n{page[:2000]}")


def demo(check: bool) -> int:
    binary = Path(os.environ.get("SIGNIN_BIN") or REPO / "cgi-bin" / "signin.cgi")
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"{binary} is missing: run scripts/build first")
    _say("workspace, throwaway CA and server certificate for 127.0.0.1")
    ws = Workspace.create(binary)
    provider = apache = None
    stopping = False

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    # Installed explicitly: a shell that starts the demo in the background leaves SIGINT ignored.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        _say("test OpenID provider (oidc-provider-mock 0.3.4) under TLS on 127.0.0.1")
        provider = start_mock_provider(ws)
        _say(f"provider issuer {provider.issuer} (pid {provider.proc.pid})")
        ws.write_dotenv(provider_settings(ws, provider))
        _say(f"settings file {ws.dotenv}")
        _say("Apache httpd (mod_cgid) on 127.0.0.1 serving cgi-bin/signin.cgi")
        apache = start_workspace_apache(ws)
        _say(f"apache2 pid {apache.proc.pid}, error log {apache.error_log}")
        url = f"{apache.base_url}/cgi-bin/signin.cgi/"
        if check:
            _check_with_curl(ws, url)
            print("OK: the demo URL leads to the provider's sign-in page", flush=True)
            return 0
        print(f"\n  Open:       {url}\n  Sign in as: {TEST_USER}  (type it into the provider's 'sub' box, "
              f"then Authorize)\n  The provider's certificate comes from a throwaway CA: let your browser "
              f"proceed past its warning.\n  Ctrl-C stops everything.\n", flush=True)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        stopping = True
        return 0
    finally:
        if stopping:
            print(flush=True)
        if apache is not None:
            _say(f"stopping apache2 (pid {apache.proc.pid})")
            apache.stop()
        if provider is not None:
            _say(f"stopping the provider (pid {provider.proc.pid})")
            provider.stop()
        ws.remove()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m e2e.harness")
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="run Apache + the test provider on loopback until Ctrl-C")
    d.add_argument("--check", action="store_true", help="start, follow the URL to the provider's sign-in page, stop")
    args = parser.parse_args()
    return demo(check=args.check)


if __name__ == "__main__":
    sys.exit(main())
