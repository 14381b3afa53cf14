"""Running signin.cgi as a web server would, with `env -i` and exactly the CGI variables given, and reading its answer."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field

TIMEOUT = 60  # seconds for one CGI run (a sign-in step makes up to three TLS calls)


@dataclass
class CGIAnswer:
    returncode: int
    status: int
    headers: list[tuple[str, str]]
    body: str
    stderr: str

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def set_cookies(self) -> list[tuple[str, str, bool]]:
        """(name, value, expires) for each Set-Cookie line."""
        out = []
        for k, line in self.headers:
            if k.lower() != "set-cookie":
                continue
            first, *attributes = [part.strip() for part in line.split(";")]
            name, _, value = first.partition("=")
            expires = any(a.lower().startswith("max-age=") and int(a.split("=", 1)[1]) <= 0 for a in attributes)
            out.append((name, value, expires))
        return out


def parse(stdout: bytes) -> tuple[int, list[tuple[str, str]], str]:
    """A CGI response (RFC 3875 §6): header lines, a blank line, the body; `Status:` absent means 200."""
    text = stdout.decode("utf-8", "replace")
    ends = [(i, sep) for sep in ("\r\n\r\n", "\n\n") if (i := text.find(sep)) >= 0]
    assert ends, f"no blank line after the CGI headers:\n{text[:1500]}"
    at, sep = min(ends)
    head, body = text[:at], text[at + len(sep):]
    headers = []
    for line in head.splitlines():
        name, colon, value = line.partition(":")
        assert colon and name and " " not in name, f"malformed CGI header line {line!r}"
        headers.append((name.strip(), value.strip()))
    status = 200
    for name, value in headers:
        if name.lower() == "status":
            status = int(value.split()[0])
    return status, headers, body


def run(prefix: list[str], program: str, env: dict[str, str], stdin: bytes = b"") -> CGIAnswer:
    """`[*prefix, /usr/bin/env, -i, K=V..., program]`: prefix is e.g. `chroot ROOT`, or empty for the host."""
    argv = [*prefix, "/usr/bin/env", "-i", *(f"{k}={v}" for k, v in env.items()), program]
    done = subprocess.run(argv, input=stdin, capture_output=True, timeout=TIMEOUT)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, f"{program} exited {done.returncode}; stderr:\n{stderr}"
    status, headers, body = parse(done.stdout)
    return CGIAnswer(done.returncode, status, headers, body, stderr)


@dataclass
class CookieJar:
    """What a browser would keep between CGI runs (one path, no expiry dates)."""
    values: dict[str, str] = field(default_factory=dict)

    def update(self, answer: CGIAnswer) -> None:
        for name, value, expires in answer.set_cookies():
            if expires or not value:
                self.values.pop(name, None)
            else:
                self.values[name] = value

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.values.items())


def read_env_file(text: str) -> dict[str, str]:
    """A fixture request: `KEY=value` lines; blank lines and `#` comments ignored."""
    env = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, eq, value = line.partition("=")
        assert eq, f"not a KEY=value line: {line!r}"
        env[key.strip()] = value
    return env
