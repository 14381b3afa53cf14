"""scripts/bench's driver: signin.cgi against the floor (a static C CGI) and the tutorial's Flask app as CGI.

Everything is measured side by side in one run: the cases are interleaved (shuffled within each round), each
run is one fork+exec with the CGI environment, its wall time is taken around spawn → output drained → reaped,
and its peak memory comes from wait4's rusage (ru_maxrss). Medians are printed with ratios and the targets of
the targets of bench/README.md next to them. Then Apache (mod_cgid) + `ab -c 4` for signed-in `/`, and the outbound calls of each
flow counted from the test provider's request log. Nothing here is an assertion about speed: the script fails
only when a program answers wrongly (then the numbers would be meaningless).

Run through scripts/bench (it builds and prepares the venvs); PYTHONPATH must contain tests-e2e/ (for e2e.*).
"""

from __future__ import annotations

import argparse
import base64
import html
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import requests

import hot_symbols
import instructions
import storm
from e2e import flow, harness

REPO = Path(__file__).resolve().parents[1]
SMALL_FILE = "small.txt"       # served from PROTECTED_DIR by /files/ in the timed and counted cases
SMALL_FILE_BYTES = b"hello from a protected folder\n" * 40   # 1,240 bytes
SCRIPT = "/cgi-bin/signin.cgi"
USER = harness.TEST_USER

# The first targets (bench/README.md), printed next to the measured ratios (never asserted).
TARGET_FLOOR_RATIO = 3.0        # signin.cgi at most 3x the C floor, per local route
TARGET_REFERENCE_RATIO = 100.0  # at least 100x faster than the tutorial's app as CGI
TARGET_APACHE_SHARE = 0.70      # Apache throughput at least 70 % of the C CGI's
TARGET_PEAK_MB = 12.0           # peak memory at most 12 MB
# The start-up work's targets (bench/README.md), printed beside the first ones.
TARGET_FLOOR_RATIO_STRICT = 2.0   # signin.cgi at most 2x the C floor, per local route
TARGET_APACHE_SHARE_STRICT = 0.80 # Apache throughput at least 80 % of the C CGI's
TARGET_PEAK_MB_STRICT = 6.0       # peak memory at most 6 MB


# ------------------------------------------------------------------------------------------------ running

@dataclass
class Run:
    wall: float        # seconds
    maxrss_kb: int
    faults: int        # minor page faults (wait4's ru_minflt): the pages of the binary and heap it touched
    status: int        # CGI status (200 when no Status header)
    stdout: bytes
    stderr: bytes


def cgi_status(stdout: bytes) -> int:
    head = stdout.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    for line in head.splitlines():
        if line.lower().startswith(b"status:"):
            return int(line.split()[1])
    return 200 if head else 0


MEASURE: str = ""   # path of the compiled bench/measure.c (set in main)


def spawn(argv: list[str], env: dict[str, str], stderr_file: int) -> Run:
    """One CGI run under bench/measure.c: exactly `env`, stdout drained through a pipe; the helper reports the
    program's wall time (spawn to reaped) and peak memory (its own wait4 rusage) on fd 3."""
    r, w = os.pipe()
    mr, mw = os.pipe()
    actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0), (os.POSIX_SPAWN_DUP2, w, 1),
               (os.POSIX_SPAWN_DUP2, stderr_file, 2), (os.POSIX_SPAWN_DUP2, mw, 3)]
    os.lseek(stderr_file, 0, os.SEEK_SET)
    os.ftruncate(stderr_file, 0)
    pid = os.posix_spawn(MEASURE, [MEASURE, *argv], env, file_actions=actions)
    os.close(w)
    os.close(mw)
    chunks = []
    while chunk := os.read(r, 65536):
        chunks.append(chunk)
    os.close(r)
    report = b""
    while chunk := os.read(mr, 4096):
        report += chunk
    os.close(mr)
    _, helper_status, _ = os.wait4(pid, 0)
    stdout = b"".join(chunks)
    os.lseek(stderr_file, 0, os.SEEK_SET)
    stderr = os.read(stderr_file, 65536)
    if os.waitstatus_to_exitcode(helper_status) != 0 or len(report.split()) != 4:
        raise SystemExit(f"bench: measure failed for {argv}:\n{stderr.decode(errors='replace')}")
    ns, maxrss_kb, wstatus, faults = (int(x) for x in report.split())
    if os.waitstatus_to_exitcode(wstatus) != 0:
        raise SystemExit(f"bench: {argv} exited {os.waitstatus_to_exitcode(wstatus)}:\n{stderr.decode(errors='replace')}")
    return Run(ns / 1e9, maxrss_kb, faults, cgi_status(stdout), stdout, stderr)


@dataclass
class Case:
    program: str       # "signin", "floor", "reference"
    route: str         # label of the request
    argv: list[str]
    env: dict[str, str]
    expect: int        # the CGI status a correct answer has
    must_contain: bytes = b""
    runs: list[Run] = field(default_factory=list)

    def check(self, run: Run) -> None:
        if run.status != self.expect or self.must_contain not in run.stdout:
            raise SystemExit(f"bench: {self.program} {self.route} answered {run.status} (expected {self.expect}"
                             f"{', with ' + repr(self.must_contain) if self.must_contain else ''}):\n"
                             f"{run.stdout[:1200].decode(errors='replace')}\n{run.stderr.decode(errors='replace')}")

    def median_ms(self) -> float:
        return statistics.median(r.wall for r in self.runs) * 1000

    def peak_mb(self) -> float:
        return max(r.maxrss_kb for r in self.runs) / 1024

    def median_mb(self) -> float:
        return statistics.median(r.maxrss_kb for r in self.runs) / 1024

    def median_faults(self) -> float:
        return statistics.median(r.faults for r in self.runs)


# ------------------------------------------------------------------------------------------------ requests

def request_env(path: str, query: str = "", cookie: str = "", **settings: str) -> dict[str, str]:
    """What Apache would set for `GET <SCRIPT><path>` over plain HTTP on 127.0.0.1:8080, plus SetEnv settings."""
    env = {"GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_SOFTWARE": "Apache/2.4 (bench)",
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8080", "HTTP_HOST": "127.0.0.1:8080",
           "REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET", "SCRIPT_NAME": SCRIPT, "PATH_INFO": path,
           "QUERY_STRING": query, "HTTP_USER_AGENT": "bench/1.0", "PATH": "/usr/bin:/bin", **settings}
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


class Jar:
    def __init__(self):
        self.values: dict[str, str] = {}

    def update(self, stdout: bytes) -> None:
        head = stdout.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0].decode(errors="replace")
        for line in head.splitlines():
            if not line.lower().startswith("set-cookie:"):
                continue
            first, *attrs = [p.strip() for p in line.split(":", 1)[1].split(";")]
            name, _, value = first.partition("=")
            gone = any(a.lower().startswith("max-age=") and int(a.split("=", 1)[1]) <= 0 for a in attrs)
            if gone or not value:
                self.values.pop(name, None)
            else:
                self.values[name] = value

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.values.items())


def body_of(stdout: bytes) -> str:
    text = stdout.decode(errors="replace")
    ends = [i + len(s) for s in ("\r\n\r\n", "\n\n") if (i := text.find(s)) >= 0]
    return text[min(ends):] if ends else ""


def location_of(stdout: bytes) -> str:
    m = re.search(rb"^Location:\s*(\S+)", stdout, re.M | re.I)
    return m.group(1).decode() if m else ""


def sign_in_link(page: str) -> str:
    """The "Sign In" link's href (either quote style: the tutorial's template uses single quotes)."""
    m = re.search(r"""<a\b[^>]*\bhref=(["'])(.*?)\1[^>]*>\s*Sign In\s*</a>""", page)
    if not m:
        raise SystemExit(f"bench: no Sign In link on the page:\n{page[:1500]}")
    return html.unescape(m.group(2))


def sign_in(argv: list[str], settings: dict[str, str], provider: harness.Provider, ca_pem: Path,
            errfd: int) -> tuple[Jar, list[str]]:
    """A real sign-in, each hop run as CGI; returns the cookie jar and the program's outbound calls."""
    jar = Jar()
    provider.mark()
    login = spawn(argv, request_env("/login", **settings), errfd)
    if login.status != 200:
        raise SystemExit(f"bench: /login answered {login.status}:\n{login.stdout[:1500].decode(errors='replace')}\n"
                         f"{login.stderr.decode(errors='replace')}")
    jar.update(login.stdout)
    link = sign_in_link(body_of(login.stdout))
    browser = requests.Session()
    browser.trust_env = False
    browser.verify = str(ca_pem)
    callback = urllib.parse.urlsplit(flow.approve_at_mock(browser, link, USER))
    back = spawn(argv, request_env(callback.path[len(SCRIPT):], callback.query, jar.header(), **settings), errfd)
    if back.status != 302:
        raise SystemExit(f"bench: callback answered {back.status}:\n{back.stdout[:1500].decode(errors='replace')}\n"
                         f"{back.stderr.decode(errors='replace')}")
    jar.update(back.stdout)
    return jar, outbound(provider)


def write_hot_symbols(provider: harness.Provider, signin: str, settings: dict[str, str], ws, errfd: int) -> None:
    """bench/hot-symbols.txt from the local routes, run with the unstripped build (bench/hot_symbols.py)."""
    print("==> a sign-in for the session, then an Entra-sized copy of it", flush=True)
    jar, _ = sign_in([signin], settings, provider, ws.pki.ca_pem, errfd)
    big, _ = instructions.entra_sized_session(jar.values, settings["SESSION_SECRET"])
    cookie = "; ".join(f"{k}={v}" for k, v in big.items())
    binary = str(hot_symbols.UNSTRIPPED)
    spawn([binary], request_env("/login", **settings), errfd)      # warms the provider cache for /login
    signed_in = dict(cookie=cookie, **settings)
    from_file = instructions.settings_file_env(ws.root, request_env("/"), settings)
    cases = [("/ signed out", [binary], request_env("/", **settings), b"Status: 302"),
             ("/ signed out, settings file", [binary], from_file, b"Status: 302"),
             ("/ signed in", [binary], request_env("/", **signed_in), b"Welcome"),
             ("/files/ small file", [binary], request_env("/files/" + SMALL_FILE, **signed_in), SMALL_FILE_BYTES),
             ("/login warm cache", [binary], request_env("/login", **settings), b"Sign In"),
             ("/userinfo", [binary], request_env("/userinfo", **signed_in), b'"sub"'),
             ("/logout", [binary], request_env("/logout", **signed_in), b"Status: 302"),
             ("unknown route (404)", [binary], request_env("/no-such-route", **settings), b"Status: 404"),
             ("--version", [binary, "--version"], {"PATH": "/usr/bin:/bin"}, b"signin.cgi")]
    print("==> callgrind and lackey, unstripped build", flush=True)
    hot_symbols.run(cases)


def outbound(provider: harness.Provider) -> list[str]:
    """The provider requests since the mark that a program made (the browser's authorize hops left out)."""
    return [p for p in provider.paths_since_mark() if not p.split(" ")[1].startswith("/oauth2/authorize")]


# ------------------------------------------------------------------------------------------------ the run

def main() -> int:
    p = argparse.ArgumentParser(prog="scripts/bench")
    p.add_argument("--smoke", action="store_true", help="a tiny run: that it completes, not what it measures")
    p.add_argument("--runs", type=int, default=200, help="runs per case for signin.cgi and the floor")
    p.add_argument("--reference-runs", type=int, default=30, help="runs per case for the tutorial's app")
    p.add_argument("--ab-requests", type=int, default=2000, help="requests per program through Apache, over all rounds")
    p.add_argument("--ab-rounds", type=int, default=10, help="rounds of ab runs, each program once per round, shuffled")
    p.add_argument("--binary", type=Path, default=REPO / "cgi-bin" / "signin.cgi")
    p.add_argument("--floor", type=Path, required=True)
    p.add_argument("--reference-python", type=Path, required=True)
    p.add_argument("--measure", type=Path, required=True, help="the compiled bench/measure.c")
    p.add_argument("--instructions", action="store_true", help="only the callgrind instruction counts")
    p.add_argument("--storm", action="store_true", help="only the cold-cache /login storm")
    p.add_argument("--hot-symbols", action="store_true",
                   help="only write bench/hot-symbols.txt, the linker's symbol order (bench/hot_symbols.py)")
    p.add_argument("--hello", type=Path, required=True,
                   help="the static Swift hello (bench/hello): --instructions counts it, Apache runs it beside the floor")
    p.add_argument("--baseline", type=Path, help="another signin.cgi build measured beside this one (--instructions)")
    p.add_argument("--keep-profiles", type=Path, help="copy the callgrind profiles here (--instructions)")
    p.add_argument("--lookups", type=Path, metavar="UNSTRIPPED", nargs="?",
                   const=REPO / ".build-static" / "release" / "signin",
                   help="also list each case's conformance lookups under gdb, with the unstripped build of the "
                        "binary (default: scripts/build's, before strip) (--instructions)")
    p.add_argument("--storm-requests", type=int, default=200)
    p.add_argument("--storm-parallel", type=int, default=32)
    args = p.parse_args()
    global MEASURE
    MEASURE = str(args.measure.absolute())
    args.binary, args.floor = args.binary.absolute(), args.floor.absolute()
    args.hello, args.baseline, args.keep_profiles = (p.absolute() if p else None for p in
                                                     (args.hello, args.baseline, args.keep_profiles))
    args.reference_python = args.reference_python.absolute()   # not resolve(): the venv's python is a symlink
    if args.smoke:
        args.runs, args.reference_runs, args.ab_requests, args.ab_rounds = 5, 2, 100, 2
        args.storm_requests, args.storm_parallel = 20, 8

    ws = harness.Workspace.create(args.binary)
    signin = str(ws.cgi_dir / "signin.cgi")
    floor = str(ws.install_cgi(args.floor, "floor.cgi"))
    ws.install_cgi(args.hello, "hello.cgi")      # for Apache: what a Swift program costs before it does anything
    reference = [str(args.reference_python), str(REPO / "bench" / "reference" / "cgi_main.py")]
    provider = apache = None
    errfd = os.open(ws.root / "stderr.txt", os.O_RDWR | os.O_CREAT, 0o600)
    ref_dir = Path(tempfile.mkdtemp(prefix="ref-", dir=ws.root))
    os.chdir(ref_dir)   # Flask-Session keeps the reference's sessions in ./flask_session
    try:
        print("==> test provider (oidc-provider-mock, TLS, loopback)", flush=True)
        provider = harness.start_mock_provider(ws)
        secret = base64.b64encode(os.urandom(32)).decode()
        common = {"CLIENT_ID": harness.CLIENT_ID, "CLIENT_SECRET": "bench-" + os.urandom(8).hex(),
                  "SESSION_SECRET": secret, "OIDC_AUTHORITY": provider.issuer, "SCOPE": "email",
                  "ENDPOINT": f"{provider.issuer}/userinfo"}
        cache = ws.root / "cache-root"      # owned by the user running the direct runs (root), mode 0700
        cache.mkdir(mode=0o700)
        files = ws.root / "protected"         # PROTECTED_DIR: /files/small.txt for the timed and counted cases
        files.mkdir(mode=0o755)
        (files / SMALL_FILE).write_bytes(SMALL_FILE_BYTES)
        signin_settings = {**common, "CA_BUNDLE": str(ws.pki.ca_pem), "CACHE_DIR": str(cache), "PROTECTED_DIR": str(files)}
        if args.instructions:
            baseline = str(ws.install_cgi(args.baseline, "baseline.cgi")) if args.baseline else None
            instructions.run(ws, provider, signin, floor, str(args.hello), baseline, request_env, sign_in,
                             lambda values: "; ".join(f"{k}={v}" for k, v in values.items()), signin_settings,
                             args.keep_profiles, errfd, args.lookups.absolute() if args.lookups else None,
                             ("/files/" + SMALL_FILE, SMALL_FILE_BYTES))
            return 0
        if args.hot_symbols:
            write_hot_symbols(provider, signin, signin_settings, ws, errfd)
            return 0
        storm_result = storm.run(ws, provider, signin, signin_settings, request_env, args.storm_requests,
                                 args.storm_parallel)
        if args.storm:
            storm.report(storm_result)
            return 0
        # msal insists on a path segment in an authority URL; the mock provider lives at the root, and
        # "/." is a segment that HTTP clients remove again (RFC 3986 §5.2.4), so discovery still finds it.
        ref_settings = {**common, "OIDC_AUTHORITY": provider.issuer + "/.", "REQUESTS_CA_BUNDLE": str(ws.pki.ca_pem)}

        # ---- outbound calls, and the sessions the timed cases use
        print("==> sign-ins to count outbound calls and to get sessions", flush=True)
        _, cold = sign_in([signin], signin_settings, provider, ws.pki.ca_pem, errfd)
        jar, warm = sign_in([signin], signin_settings, provider, ws.pki.ca_pem, errfd)
        provider.mark()
        spawn([signin], request_env("/login", **signin_settings), errfd)
        login_calls = outbound(provider)
        provider.mark()
        home = spawn([signin], request_env("/", cookie=jar.header(), **signin_settings), errfd)
        home_calls = outbound(provider)
        provider.mark()
        api = spawn([signin], request_env("/call_downstream_api", cookie=jar.header(), **signin_settings), errfd)
        api_calls = outbound(provider)
        if home.status != 200 or api.status != 200:
            raise SystemExit(f"bench: signed-in / answered {home.status}, /call_downstream_api {api.status}:\n"
                             f"{home.stderr.decode(errors='replace')}{api.stderr.decode(errors='replace')}")
        ref_jar, ref_signin = sign_in(reference, ref_settings, provider, ws.pki.ca_pem, errfd)
        provider.mark()
        spawn(reference, request_env("/login", **ref_settings), errfd)
        ref_login_calls = outbound(provider)

        # ---- the timed cases
        signed_out = request_env("/", **signin_settings)
        cases = [
            Case("floor", "(redirect)", [floor], signed_out, 302),
            Case("signin", "/ signed out", [signin], signed_out, 302),
            Case("signin", "/login warm cache", [signin], request_env("/login", **signin_settings), 200, b"Sign In"),
            Case("signin", "/ signed in", [signin], request_env("/", cookie=jar.header(), **signin_settings), 200,
                 b"Welcome"),
            Case("signin", "/files/ small file", [signin],
                 request_env("/files/" + SMALL_FILE, cookie=jar.header(), **signin_settings), 200, SMALL_FILE_BYTES),
            Case("reference", "/ signed out", reference, request_env("/", **ref_settings), 302),
            Case("reference", "/login warm cache", reference, request_env("/login", **ref_settings), 200, b"Sign In"),
            Case("reference", "/ signed in", reference, request_env("/", cookie=ref_jar.header(), **ref_settings), 200,
                 b"Welcome"),
        ]
        for case in cases:               # warm-up (page cache, provider connections) and a correctness check
            for _ in range(2):
                case.check(spawn(case.argv, case.env, errfd))
        every = max(1, args.runs // max(1, args.reference_runs))
        print(f"==> {args.runs} interleaved runs per case ({args.reference_runs} for the tutorial's app)", flush=True)
        for i in range(args.runs):
            batch = [c for c in cases if c.program != "reference" or (i % every == 0 and len(c.runs) < args.reference_runs)]
            random.shuffle(batch)
            for case in batch:
                run = spawn(case.argv, case.env, errfd)
                case.check(run)
                case.runs.append(run)

        # ---- Apache
        print(f"==> Apache (mod_cgid) + ab -c 4, each route, the C floor and the Swift hello: {args.ab_rounds} rounds of "
              f"{args.ab_requests // args.ab_rounds} requests each", flush=True)
        apache_settings = {**signin_settings, "CACHE_DIR": str(ws.new_cache_dir())}
        ws.write_dotenv(apache_settings)
        apache = harness.start_workspace_apache(ws)
        ab = run_ab(apache.base_url, jar.header(), args.ab_requests, args.ab_rounds)
        apache_log = apache.error_log.read_text(errors="replace") if apache.error_log.exists() else ""

        # ---- a 1 GiB /files/ download's peak memory (bench/files_rss.sh, the same session and settings)
        print("==> /files/ download of 1 GiB (bench/files_rss.sh)", flush=True)
        rss_text = files_rss(args.binary, jar.header(), signin_settings)
    finally:
        os.chdir(REPO)
        if apache is not None:
            apache.stop()
        if provider is not None:
            provider.stop()
        os.close(errfd)
        ws.remove()

    report(cases, ab, {"cold sign-in": (cold, 3), "warm sign-in": (warm, 1), "/login (warm cache)": (login_calls, 0),
                       "signed-in /": (home_calls, 0), "/call_downstream_api (fresh token)": (api_calls, 1)},
           {"sign-in": ref_signin, "/login": ref_login_calls}, args)
    storm.report(storm_result)
    print()
    print(rss_text)
    crashes = [m for m in ("Premature end of script headers", "End of script output before headers",
                           "Segmentation fault") if m in apache_log]
    if crashes:
        raise SystemExit(f"bench: Apache's error log shows {crashes}")
    return 0


TARGET_FILES_1GIB_MB = 16.0     # peak memory of a 1 GiB /files/ download


def files_rss(binary: Path, cookie: str, settings: dict[str, str]) -> str:
    """bench/files_rss.sh's table for this binary, session and settings, with the 1 GiB figure judged."""
    env = {"PATH": "/usr/bin:/bin", "SIGNIN_COOKIE": cookie,
           **{k: v for k, v in settings.items() if k != "PROTECTED_DIR"}}
    out = subprocess.run([str(REPO / "bench" / "files_rss.sh"), str(binary)], env=env, capture_output=True, text=True,
                         timeout=900)
    if out.returncode != 0:
        raise SystemExit(f"bench: bench/files_rss.sh failed:\n{out.stdout}{out.stderr}")
    big = re.search(r"^/files/big\.bin \(1 GiB, sparse\)\s+(\d+) KiB", out.stdout, re.M)
    if not big:
        raise SystemExit(f"bench: no 1 GiB line from bench/files_rss.sh:\n{out.stdout}")
    mb = int(big.group(1)) / 1024
    return (f"/files/ download (bench/files_rss.sh, to a pipe under bench/measure.c)\n{out.stdout.rstrip()}\n"
            f"{'1 GiB download peak memory (max RSS, MB)':<48}{mb:>10.1f}   < {TARGET_FILES_1GIB_MB:.0f} MB  "
            f"{verdict(mb < TARGET_FILES_1GIB_MB)}")


# What ab asks Apache for: route label → (path under the script, signed in, the status a right answer has).
AB_ROUTES = {"/ signed out": ("/", False, 302), "/login warm cache": ("/login", False, 200),
             "/ signed in": ("/", True, 200), "/files/ small file": ("/files/" + SMALL_FILE, True, 200)}


def run_ab(base: str, cookie: str, n: int, rounds: int) -> dict[str, dict[str, float]]:
    """Each route of AB_ROUTES, the C floor and the Swift hello, `n` requests each in `rounds` rounds of n/rounds, the
    programs shuffled within each round. Returns per program the requests/second over all rounds, and its share: the
    median over the rounds of its requests/second over the floor's in the same round. This host's speed drifts by tens
    of percent within a minute; a ratio of two runs seconds apart follows the programs, a ratio of totals the drift."""
    urls = {"floor": (f"{base}/cgi-bin/floor.cgi", False, 302), "Swift hello": (f"{base}/cgi-bin/hello.cgi", False, 302)}
    for route, (path, signed_in, status) in AB_ROUTES.items():
        urls[route] = (f"{base}{SCRIPT}{path}", signed_in, status)
    for name, (url, signed_in, status) in urls.items():    # a right answer first (and the /login cache warmed)
        check = requests.get(url, headers={"Cookie": cookie} if signed_in else {}, timeout=30, allow_redirects=False)
        if check.status_code != status:
            raise SystemExit(f"bench: {name} through Apache answered {check.status_code}:\n{check.text[:1000]}")
    totals = {k: {"requests": 0.0, "seconds": 0.0, "failed": 0.0} for k in urls}
    per_round: dict[str, list[float]] = {k: [] for k in urls}
    for _ in range(rounds):
        order = list(urls.items())
        random.shuffle(order)
        for name, (url, signed_in, status) in order:
            cookie_args = ["-H", f"Cookie: {cookie}"] if signed_in else []
            out = subprocess.run(["ab", "-q", "-n", str(max(1, n // rounds)), "-c", "4", "-s", "30", *cookie_args, url],
                                 capture_output=True, text=True, timeout=600)
            if out.returncode != 0:
                raise SystemExit(f"bench: ab failed:\n{out.stdout}{out.stderr}")
            done = int(re.search(r"Complete requests:\s+(\d+)", out.stdout).group(1))
            seconds = float(re.search(r"Time taken for tests:\s+([\d.]+)", out.stdout).group(1))
            failed = int(re.search(r"Failed requests:\s+(\d+)", out.stdout).group(1))
            non2xx = re.search(r"Non-2xx responses:\s+(\d+)", out.stdout)
            if name in AB_ROUTES and status == 200 and non2xx:
                raise SystemExit(f"bench: signin.cgi {name} gave {non2xx.group(1)} non-2xx answers through Apache")
            totals[name]["requests"] += done
            totals[name]["seconds"] += seconds
            totals[name]["failed"] += failed
            per_round[name].append(done / seconds)
    for name, t in totals.items():
        t["rps"] = t["requests"] / t["seconds"]
        shares = sorted(mine / floor for mine, floor in zip(per_round[name], per_round["floor"]))
        t["share"] = statistics.median(shares)
        t["share_low"], t["share_high"] = shares[0], shares[-1]
    return totals


# ------------------------------------------------------------------------------------------------ report

def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def report(cases: list[Case], ab, calls, ref_calls, args) -> None:
    by = {(c.program, c.route): c for c in cases}
    floor = by[("floor", "(redirect)")]
    print()
    print(f"Per request (wall time from spawn to reaped, median of {args.runs} runs; the tutorial's app: "
          f"{len(by[('reference', '/ signed out')].runs)} runs), peak memory (max RSS)")
    print(f"{'program':<12}{'route':<22}{'median ms':>10}{'p90 ms':>9}{'RSS med MB':>12}{'RSS max MB':>12}"
          f"{'faults':>8}")
    for c in cases:
        walls = sorted(r.wall for r in c.runs)
        p90 = walls[min(len(walls) - 1, int(len(walls) * 0.9))] * 1000
        print(f"{c.program:<12}{c.route:<22}{c.median_ms():>10.2f}{p90:>9.2f}{c.median_mb():>12.1f}{c.peak_mb():>12.1f}"
              f"{c.median_faults():>8.0f}")
    print()
    print(f"{'ratio':<48}{'measured':>10}   target")
    for route in ("/ signed out", "/login warm cache", "/ signed in", "/files/ small file"):
        s = by[("signin", route)]
        r = s.median_ms() / floor.median_ms()
        print(f"{'signin/floor      ' + route:<48}{r:>9.2f}x   <= {TARGET_FLOOR_RATIO:.0f}x   {verdict(r <= TARGET_FLOOR_RATIO)}"
              f"   <= {TARGET_FLOOR_RATIO_STRICT:.0f}x  {verdict(r <= TARGET_FLOOR_RATIO_STRICT)}")
    for route in ("/ signed out", "/login warm cache", "/ signed in"):
        r = by[("reference", route)].median_ms() / by[("signin", route)].median_ms()
        print(f"{'reference/signin  ' + route:<48}{r:>9.1f}x   >= {TARGET_REFERENCE_RATIO:.0f}x "
              f"{verdict(r >= TARGET_REFERENCE_RATIO)}")
    peak = max(c.peak_mb() for c in cases if c.program == "signin")
    print(f"{'signin.cgi peak memory (max RSS, MB)':<48}{peak:>10.1f}   <= {TARGET_PEAK_MB:.0f} MB  "
          f"{verdict(peak <= TARGET_PEAK_MB)}   <= {TARGET_PEAK_MB_STRICT:.0f} MB  {verdict(peak <= TARGET_PEAK_MB_STRICT)}")
    floor_rps = ab["floor"]["rps"]
    print()
    rounds = args.ab_rounds
    print(f"Apache 2.4 mod_cgid, ab -c 4, {int(ab['floor']['requests'])} requests per program in {rounds} rounds; "
          f"C floor {floor_rps:.1f} req/s (failed: {int(ab['floor']['failed'])})")
    print("  share: the median over the rounds of req/s over the floor's in the same round (lowest-highest round)")
    hello = ab["Swift hello"]
    print(f"  {'static Swift hello (reference)':<34}{hello['rps']:8.1f} req/s   share {hello['share'] * 100:5.1f} % "
          f"({hello['share_low'] * 100:.0f}-{hello['share_high'] * 100:.0f})   (failed: {int(hello['failed'])})")
    for route in AB_ROUTES:
        share = ab[route]["share"]
        print(f"  {'signin.cgi ' + route:<34}{ab[route]['rps']:8.1f} req/s   share {share * 100:5.1f} % "
              f"({ab[route]['share_low'] * 100:.0f}-{ab[route]['share_high'] * 100:.0f})   "
              f"target >= {TARGET_APACHE_SHARE * 100:.0f} %  {verdict(share >= TARGET_APACHE_SHARE)}   "
              f"target >= {TARGET_APACHE_SHARE_STRICT * 100:.0f} %  {verdict(share >= TARGET_APACHE_SHARE_STRICT)}"
              f"   (failed: {int(ab[route]['failed'])})")
    print()
    print("Outbound calls seen by the test provider (signin.cgi)")
    for name, (seen, expected) in calls.items():
        print(f"  {name:<38}{len(seen):>3}  (expected {expected})  {', '.join(seen) or '-'}")
    print("The tutorial's app, for comparison")
    for name, seen in ref_calls.items():
        print(f"  {name:<38}{len(seen):>3}  {', '.join(seen) or '-'}")


if __name__ == "__main__":
    sys.exit(main())
