"""The operator's command line (CONTRACT.md "Command line"): the same binary run without GATEWAY_INTERFACE."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def run(binary: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(binary), *args], env=env or {"PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          timeout=30)


def test_help_lists_every_command(signin_bin: Path) -> None:
    r = run(signin_bin, "--help")
    assert r.returncode == 0
    for word in ("--help", "--version", "new-secret", "check-config", "SESSION_SECRET"):
        assert word in r.stdout


def test_version_names_the_program(signin_bin: Path) -> None:
    r = run(signin_bin, "--version")
    assert r.returncode == 0
    assert r.stdout.startswith("signin.cgi ") and r.stdout.strip().split(" ")[1][0].isdigit()


def test_new_secret_is_32_fresh_random_bytes(signin_bin: Path) -> None:
    first, second = run(signin_bin, "new-secret"), run(signin_bin, "new-secret")
    assert first.returncode == 0 and second.returncode == 0
    assert len(base64.b64decode(first.stdout.strip(), validate=True)) == 32
    assert first.stdout != second.stdout


def test_no_or_unknown_command_is_a_usage_error(signin_bin: Path) -> None:
    assert run(signin_bin).returncode == 2
    r = run(signin_bin, "frobnicate")
    assert r.returncode == 2 and "unknown command" in r.stderr


def test_check_config_names_what_is_missing_and_invalid_never_a_value(signin_bin: Path, tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "CLIENT_SECRET": "hunter2-hunter2", "SESSION_SECRET": "c2hvcnQ=",
           "ENDPOINT": "http://graph.example/me", "CACHE_DIR": str(tmp_path / "cache")}
    r = run(signin_bin, "check-config", env=env)
    assert r.returncode == 1
    assert "problem: CLIENT_ID is missing" in r.stdout
    assert "problem: SESSION_SECRET (" in r.stdout and "problem: ENDPOINT (" in r.stdout
    assert "hunter2" not in r.stdout + r.stderr and "c2hvcnQ=" not in r.stdout + r.stderr


def test_check_config_reports_an_unreachable_provider(signin_bin: Path, tmp_path: Path) -> None:
    # Port 9 on loopback (discard) is closed here: the connection is refused at once.
    env = {"PATH": "/usr/bin:/bin", "CLIENT_ID": "c", "CLIENT_SECRET": "s", "SESSION_SECRET": SECRET,
           "OIDC_AUTHORITY": "https://127.0.0.1:9", "CACHE_DIR": str(tmp_path / "cache")}
    r = run(signin_bin, "check-config", env=env)
    assert r.returncode == 1
    assert "problem: the provider cannot be reached at https://127.0.0.1:9/" in r.stdout


def test_a_cgi_request_never_reaches_the_command_line(signin_bin: Path) -> None:
    env = {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "SCRIPT_NAME": "/cgi-bin/signin.cgi",
           "PATH_INFO": "/", "SERVER_NAME": "example.test", "SERVER_PORT": "80"}
    r = run(signin_bin, "new-secret", env=env)
    assert r.returncode == 0
    assert r.stdout.startswith("Status: 500")      # the configuration-error page, not a secret
