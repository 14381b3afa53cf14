"""signin.cgi needs no /proc: shared hosts, chroots and minimal containers may not mount it (README "What a host needs").

The Swift runtime's own start-up reads /proc twice: for the argument vector (a /proc/self/maps scan) and for its
install path (readlink of /proc/self/exe, to find `swift-backtrace`), and aborts when the second fails. The program
replaces both at link time (Sources/CStartup). Each test runs the release binary in a private mount namespace whose
/proc is an empty tmpfs, so neither file exists there.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SIGNED_OUT = {
    "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_NAME": "example.test", "SERVER_PORT": "443",
    "HTTPS": "on", "HTTP_HOST": "example.test", "REMOTE_ADDR": "192.0.2.10", "SCRIPT_NAME": "/cgi-bin/signin.cgi",
    "REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "",
    "CLIENT_ID": "00000000-0000-0000-0000-00000000c11d", "CLIENT_SECRET": "no-proc-test-secret",
    "SESSION_SECRET": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "OIDC_AUTHORITY": "https://login.example.test/tenant",
}


def without_proc(binary: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """`binary args` with an empty tmpfs over /proc, in a mount namespace of its own (the host's /proc is untouched)."""
    assert os.geteuid() == 0, "this test needs root (unshare --mount); scripts/test runs as root"
    script = 'mount -t tmpfs none /proc && [ -z "$(ls -A /proc)" ] && exec "$@"'
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", str(binary), *args],
                          env=env, capture_output=True, timeout=30)   # bytes: a CGI head's CR LF must stay


def test_the_command_line_sees_its_arguments_without_proc(signin_bin: Path) -> None:
    r = without_proc(signin_bin, "--version", env={"PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"signin.cgi "), r.stdout
    unknown = without_proc(signin_bin, "no-such-command", env={"PATH": "/usr/bin:/bin"})
    assert unknown.returncode == 2 and b"no-such-command" in unknown.stderr, unknown.stderr


def test_a_request_is_answered_without_proc(signin_bin: Path) -> None:
    r = without_proc(signin_bin, env={"PATH": "/usr/bin:/bin", **SIGNED_OUT})
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"Status: 302 Found\r\n"), r.stdout[:500]
    assert b"Location: https://example.test/cgi-bin/signin.cgi/login\r\n" in r.stdout
