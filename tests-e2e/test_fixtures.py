"""Runs every request fixture (Tests/Fixtures/requests/*.env) through scripts/run-fixture against the built
signin.cgi and checks the raw CGI output against docs/contract.md "Routes".

Every fixture gets the checks that hold for any response (a well-formed CGI head, the security headers,
Content-Length, cookie attributes, exit status 0, at most one stderr line, no secret echoed); each fixture's
`# expect: NNN` comment line gives its status, and the table EXPECT adds what each case must show. A fixture
without an expect line or without a row in EXPECT fails the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "Tests" / "Fixtures" / "requests"
RUN_FIXTURE = REPO / "scripts" / "run-fixture"

SCRIPT = "/cgi-bin/signin.cgi"
LOGIN = f"https://example.test{SCRIPT}/login"

SECURITY_HEADERS = {
    "cache-control": "no-store",
    "pragma": "no-cache",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self' https:; frame-ancestors 'none'; base-uri 'none'",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}
SINGLE_VALUED = {"status", "content-type", "content-length", "location", "strict-transport-security", *SECURITY_HEADERS}
TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
VISIBLE = re.compile(rb"[\x20-\x7e]*\Z")


@dataclass
class Expect:
    location: str | None = None
    contains: tuple[str, ...] = ()      # body snippets
    absent: tuple[str, ...] = ()        # never anywhere in stdout or stderr
    head_absent: tuple[str, ...] = ()   # never in the header block (case-insensitive)
    headers: dict[str, str] = field(default_factory=dict)  # lowercased name -> substring of its value
    same_as: str | None = None          # HEAD: same status and headers as this GET fixture
    https: bool | None = None           # served over HTTPS as the program sees it; None: per HTTPS/REQUEST_SCHEME


EXPECT_LINE = re.compile(rb"#\s*expect:\s*(\S+)\s*\Z")


def expected_status(fixture: Path) -> int | range:
    """The status from the fixture's one `# expect: NNN` line (`5xx`: any status of that class). The Swift
    in-process test (Tests/AppTests/RequestFixtureTests.swift) reads the same line: one source of truth."""
    found = [m.group(1).decode() for line in fixture.read_bytes().split(b"\n") if (m := EXPECT_LINE.match(line.strip()))]
    assert len(found) == 1, f"{fixture.name}: wanted exactly one '# expect: NNN' line, found {found}"
    value = found[0]
    if re.fullmatch(r"[1-5]xx", value):
        # The contract asks for a configuration-error page naming what is missing: any server-side 5xx.
        return range(int(value[0]) * 100, int(value[0]) * 100 + 100)
    assert re.fullmatch(r"[1-5]\d\d", value), f"{fixture.name}: bad expect line {value!r}"
    return int(value)


EXPECT: dict[str, Expect] = {
    "config-missing-all": Expect(contains=("CLIENT_ID", "CLIENT_SECRET", "SESSION_SECRET")),
    "config-missing-session-secret": Expect(contains=("SESSION_SECRET",)),
    "config-invalid-session-secret": Expect(contains=("SESSION_SECRET",), absent=("c2hvcnQtc2VjcmV0LTE2Qg",)),
    "config-from-client-headers": Expect(contains=("CLIENT_ID", "CLIENT_SECRET", "SESSION_SECRET"),
                                         absent=("client-header-secret-NEVER-SHOWN",)),
    "index-signed-out": Expect(location=LOGIN),
    "index-empty-path": Expect(location=LOGIN),
    "index-microsoft-authority": Expect(location=LOGIN),
    "head-index-signed-out": Expect(location=LOGIN, same_as="index-signed-out"),
    "head-unknown-route": Expect(),
    "unknown-route": Expect(contains=("Not found",)),
    "unknown-route-html": Expect(absent=("<script>alert(1)</script>",)),
    "junk-cookies": Expect(location=LOGIN),
    "many-cookies": Expect(location=LOGIN),
    "tampered-session": Expect(location=LOGIN, absent=("ICEiIyQlJicoKSorLC0uLzAx",)),
    "oversized-body": Expect(),
    "chunked-without-length": Expect(),
    "bad-content-length": Expect(),
    "post-form": Expect(headers={"allow": "GET"}),
    "crlf-in-path": Expect(head_absent=("injected", "evil.test", "location", "set-cookie")),
    "lf-in-path": Expect(head_absent=("x-injected",)),
    "control-char-in-path": Expect(),
    "invalid-utf8-path": Expect(),
    "long-path": Expect(),
    "malformed-query": Expect(),
    "long-query": Expect(),
    "delete-method": Expect(headers={"allow": "GET"}),
    "cli-new-secret-via-query": Expect(location=LOGIN),
    "cli-help-via-query": Expect(location=LOGIN, absent=("Usage",)),
    "http-nondefault-port": Expect(location=f"http://example.test:8080{SCRIPT}/login"),
    "bad-host-header": Expect(location=LOGIN, absent=("evil.test",)),
    "host-header-ignored": Expect(location=LOGIN, absent=("evil.test",)),
    "bad-server-name": Expect(location=f"https://localhost{SCRIPT}/login", absent=("evil.test",)),
    "server-name-ipv6": Expect(location=f"https://[::1]:8443{SCRIPT}/login"),
    "forwarded-trusted": Expect(location=f"https://public.example{SCRIPT}/login", https=True),
    "forwarded-two-values": Expect(location=f"http://example.test:8080{SCRIPT}/login",
                                   absent=("evil.test", "public.example")),
    "forwarded-untrusted": Expect(location=f"http://example.test:8080{SCRIPT}/login", absent=("10.0.0.5",)),
}
HSTS = "max-age=31536000"  # RFC 6797: over HTTPS only, this host only (no includeSubDomains)


@dataclass
class Output:
    """One run of a fixture: the exit status, the parsed CGI response and stderr."""
    returncode: int
    status: int
    headers: list[tuple[str, str]]
    head: bytes
    body: bytes
    stdout: bytes
    stderr: bytes

    def values(self, name: str) -> list[str]:
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def header(self, name: str) -> str | None:
        values = self.values(name)
        return values[0] if values else None


def env_of(fixture: Path) -> dict[str, bytes]:
    """The fixture's variables as run-fixture --env reports them (escapes already applied)."""
    out = subprocess.run([str(RUN_FIXTURE), "--env", str(fixture)], capture_output=True, check=True).stdout.decode()
    env = {}
    for line in out.splitlines():
        key, _, value = line.partition("=")
        if key not in ("argv", "body"):
            env[key] = eval(value, {})  # a bytes literal printed by run-fixture itself
    return env


def run(fixture: Path) -> Output:
    done = subprocess.run([str(RUN_FIXTURE), str(fixture)], capture_output=True, timeout=60)
    stdout = done.stdout
    end = stdout.find(b"\r\n\r\n")
    sep = 4
    if end < 0:
        end, sep = stdout.find(b"\n\n"), 2
    assert end >= 0, f"no blank line ends the CGI head: {stdout[:300]!r} stderr={done.stderr[:300]!r}"
    head, body = stdout[:end], stdout[end + sep:]
    headers = []
    for raw in re.split(rb"\r?\n", head):
        assert VISIBLE.match(raw), f"header line with a control or non-ASCII byte: {raw!r}"
        name, colon, value = raw.decode("ascii").partition(":")
        assert colon and TOKEN.match(name), f"not a header line: {raw!r}"
        headers.append((name, value.strip()))
    status = 200
    if headers and headers[0][0].lower() == "status":
        status = int(headers[0][1].split(" ", 1)[0])
    return Output(done.returncode, status, headers, head, body, stdout, done.stderr)


ALL = sorted(FIXTURES.glob("*.env"))


def test_every_fixture_has_expectations():
    names = {p.stem for p in ALL}
    assert names, f"no fixtures in {FIXTURES}"
    assert names == set(EXPECT), f"without a row in EXPECT: {sorted(names - set(EXPECT))}; " \
                                 f"rows without a fixture: {sorted(set(EXPECT) - names)}"
    for fixture in ALL:
        expected_status(fixture)


@pytest.mark.parametrize("line, status", [(b"# expect: 400", 400), (b"#expect: 302", 302), (b"# expect: 5xx", range(500, 600))])
def test_expect_line_is_read(tmp_path: Path, line: bytes, status):
    fixture = tmp_path / "x.env"
    fixture.write_bytes(b"# about\n" + line + b"\nA=1\n")
    assert expected_status(fixture) == status


@pytest.mark.parametrize("text", [b"A=1\n", b"# expect: 400\n# expect: 302\n", b"# expect: 40\n", b"# expect: abc\n"])
def test_expect_line_is_required_once_and_well_formed(tmp_path: Path, text: bytes):
    fixture = tmp_path / "x.env"
    fixture.write_bytes(text)
    with pytest.raises(AssertionError):
        expected_status(fixture)


@pytest.mark.parametrize("fixture", ALL, ids=lambda p: p.stem)
def test_fixture(fixture: Path, signin_bin: Path):
    expect = EXPECT.get(fixture.stem)
    assert expect is not None, f"{fixture.name} has no row in EXPECT"
    env = env_of(fixture)
    out = run(fixture)
    method = env.get("REQUEST_METHOD", b"").decode()

    # A response was written, so the exit status is 0 (docs/contract.md "Routes").
    assert out.returncode == 0, f"exit {out.returncode}, stderr={out.stderr!r}"

    # The status (Status: line first and only when not 200).
    status = expected_status(fixture)
    if isinstance(status, range):
        assert out.status in status, f"status {out.status}, wanted {status}"
    else:
        assert out.status == status, f"status {out.status}, body={out.body[:400]!r}"
    status_lines = out.values("Status")
    assert len(status_lines) == (0 if out.status == 200 else 1)
    if status_lines:
        assert out.headers[0][0] == "Status", "Status must be the first line"
        assert re.fullmatch(r"\d{3} \S.*", status_lines[0]), status_lines[0]

    # Headers written once, security headers on every response.
    for name in SINGLE_VALUED:
        assert len(out.values(name)) <= 1, f"{name} written twice"
    for name, value in SECURITY_HEADERS.items():
        assert out.header(name) == value, f"{name}: {out.header(name)!r}"
    assert out.header("Content-Type"), "no Content-Type"
    length = out.header("Content-Length")
    assert length is not None and length.isdigit(), "no Content-Length"

    # HEAD: same Content-Length as GET would send, and no body.
    if method == "HEAD":
        assert out.body == b"", "HEAD response has a body"
        assert int(length) > 0
    else:
        assert int(length) == len(out.body), "Content-Length does not match the body"

    if expect.location is not None:
        assert out.header("Location") == expect.location
    else:
        assert out.header("Location") is None
    for name, part in expect.headers.items():
        assert part in (out.header(name) or ""), f"{name}: {out.header(name)!r} lacks {part!r}"

    text = out.body.decode("utf-8")
    for snippet in expect.contains:
        assert snippet in text, f"body lacks {snippet!r}"
    head_lower = out.head.decode("ascii").lower()
    for snippet in expect.head_absent:
        assert snippet.lower() not in head_lower, f"header block contains {snippet!r}: {out.head!r}"

    # Cookies: HttpOnly, SameSite=Lax, the script's path, Secure over HTTPS (docs/contract.md "Cookies").
    https = env.get("HTTPS", b"").lower() in (b"on", b"1") or env.get("REQUEST_SCHEME") == b"https"

    # Strict-Transport-Security on every response over HTTPS, never over plain HTTP.
    served_https = https if expect.https is None else expect.https
    assert out.values("Strict-Transport-Security") == ([HSTS] if served_https else []), \
        f"Strict-Transport-Security: {out.values('Strict-Transport-Security')!r}"
    for cookie in out.values("Set-Cookie"):
        attrs = [a.strip() for a in cookie.split(";")]
        assert "HttpOnly" in attrs and "SameSite=Lax" in attrs, cookie
        assert f"Path={env.get('SCRIPT_NAME', b'/').decode()}" in attrs, cookie
        assert ("Secure" in attrs) == https, cookie

    # Never a secret, a token or a cookie value in the output or the log; a one-line reason at most.
    secrets = [v for k, v in env.items() if "SECRET" in k and v] + [s.encode() for s in expect.absent]
    for secret in secrets:
        assert secret not in out.stdout, f"stdout shows {secret!r}"
        assert secret not in out.stderr, f"stderr shows {secret!r}"
    lines = out.stderr.decode("utf-8", "replace").splitlines()
    assert len(lines) <= 1, f"stderr has {len(lines)} lines: {out.stderr[:500]!r}"
    if out.status >= 400:
        assert len(lines) == 1 and lines[0].strip(), "an error response logs a one-line reason"
    for marker in ("Fatal error", "Stack dump", "Backtrace", "Illegal instruction", "Segmentation fault"):
        assert marker not in out.stderr.decode("utf-8", "replace")

    if expect.same_as:
        get = run(FIXTURES / f"{expect.same_as}.env")
        assert get.status == out.status
        assert get.headers == out.headers, "HEAD and GET heads differ"
        assert int(length) == len(get.body)


# --- scripts/run-fixture itself, with stand-in programs (no build needed) ---

def run_with(program: str, fixture: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(RUN_FIXTURE), str(fixture)], capture_output=True, timeout=30,
                          env={**os.environ, "SIGNIN_BIN": program})


def test_run_fixture_passes_exactly_the_fixture_environment():
    fixture = FIXTURES / "crlf-in-path.env"
    printed = run_with("/usr/bin/env", fixture).stdout
    env = env_of(fixture)
    expected = b"".join(k.encode() + b"=" + v + b"\n" for k, v in env.items())
    assert sorted(printed.split(b"\n")) == sorted(expected.split(b"\n")), "environment differs from the fixture"
    assert b"PATH=" not in printed.replace(b"PATH_INFO=", b"")
    assert b"PATH_INFO=/login\r\nSet-Cookie: injected=1\r\n" in printed


def test_run_fixture_feeds_the_body_file_on_stdin():
    fixture = FIXTURES / "post-form.env"
    assert run_with("/bin/cat", fixture).stdout == (FIXTURES / "post-form.body").read_bytes()
    assert run_with("/bin/cat", FIXTURES / "index-signed-out.env").stdout == b""


def test_run_fixture_passes_an_equals_free_query_as_words_like_apache():
    assert run_with("/bin/echo", FIXTURES / "cli-new-secret-via-query.env").stdout == b"new-secret\n"
    assert run_with("/bin/echo", FIXTURES / "index-signed-out.env").stdout == b"\n"


@pytest.mark.parametrize("line", [b"PATH_INFO=/\\q", b"PATH_INFO=/\\x00", b"PATH_INFO=/\\", b"not a pair",
                                  b"1KEY=x", b"A=1\nA=2"])
def test_run_fixture_refuses_malformed_fixtures(tmp_path: Path, line: bytes):
    bad = tmp_path / "bad.env"
    bad.write_bytes(line + b"\n")
    done = run_with("/usr/bin/env", bad)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.startswith(b"run-fixture: ")
