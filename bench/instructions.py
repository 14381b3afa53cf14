"""scripts/bench --instructions: whole-process instruction counts under callgrind, next to the C floor.

Wall time on a shared two-core machine wobbles by tens of percent; the instructions a process executes from
exec to exit do not (a few hundred out of a million between runs: random bytes, the environment's length).
Each case runs once under `valgrind --tool=callgrind` with exactly its CGI environment; the figure is the
`summary:` line of the profile (every instruction of the program, its Swift runtime and libc start-up).
The same profiles are kept in the workspace while the run lasts (`--keep-profiles DIR` copies them out) for
`callgrind_annotate`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from interop.cookie_jose import open_cookie, seal_cookie, unb64url

# Targets (instructions per request, whole process), printed with meets/MISSES, never asserted.
TARGETS = {"/ signed in": 1.0e6, "/login warm cache": 1.0e6, "/ signed out": 0.4e6}
# A small /files/ download: its wall time is held to the same 2x floor as the pages (bench.py); no own target here.

# An Entra ID session: an access token for Microsoft Graph is a ~1.6 KB JWT, a refresh token ~1 KB of opaque
# base64url text; neither compresses. With the kept ID-token claims the sealed cookie is about 4 KB.
ENTRA_ACCESS_TOKEN_CHARS = 1900
ENTRA_REFRESH_TOKEN_CHARS = 1200
CHUNK_CHARS = 3900     # what CookieChunks leaves per cookie under a 4,096-byte Set-Cookie line


@dataclass
class Count:
    label: str
    instructions: int


def callgrind(argv: list[str], env: dict[str, str], out_dir: Path, name: str) -> tuple[int, bytes]:
    """Runs `argv` once under callgrind; returns (instructions executed, stdout)."""
    profile = out_dir / f"callgrind.{name}.out"
    run = subprocess.run(["valgrind", "--tool=callgrind", "--quiet", f"--callgrind-out-file={profile}", *argv],
                         env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
    if run.returncode != 0:
        raise SystemExit(f"bench: callgrind {argv} exited {run.returncode}:\n{run.stderr.decode(errors='replace')}")
    text = profile.read_text(errors="replace")
    m = re.search(r"^summary:\s+(\d+)", text, re.M) or re.search(r"^totals:\s+(\d+)", text, re.M)
    if not m:
        raise SystemExit(f"bench: no summary line in {profile}")
    return int(m.group(1)), run.stdout


def entra_sized_session(jar_values: dict[str, str], secret_b64: str, name: str = "signin_session") -> tuple[dict[str, str], int]:
    """The jar with its session replaced by one the size Entra ID's tokens give (same claims shape, fresh
    timestamps kept), sealed with joserfc and chunked the way signin.cgi chunks; returns (jar, JWE length)."""
    secret = base64_std(secret_b64)
    parts = {k: v for k, v in jar_values.items() if k == name or k.startswith(name + ".")}
    if name in parts:
        jwe = parts[name]
    else:
        jwe = "".join(parts[f"{name}.{i}"] for i in range(len(parts)))
    header, payload = open_cookie(secret, jwe)
    session = json.loads(payload)
    rand = lambda n: base64_url(os.urandom(n * 3 // 4 + 3))[:n]   # noqa: E731 (incompressible, like real tokens)
    session["at"] = f"{rand(36)}.{rand(ENTRA_ACCESS_TOKEN_CHARS - 36 - 2 - 342)}.{rand(342)}"
    session["rt"] = "0." + rand(ENTRA_REFRESH_TOKEN_CHARS - 2)
    session["claims"].update({"oid": "00000000-0000-0000-66f3-3332eca7ea81", "tid": "9188040d-6c67-4c5b-b112-36a304b66dad",
                              "login_hint": rand(180), "name": "Ada Lovelace", "preferred_username": "ada@example.org"})
    big = seal_cookie(secret, json.dumps(session, separators=(",", ":")).encode(), header["pur"], header["exp"],
                      "zip" in header)
    jar = {k: v for k, v in jar_values.items() if k not in parts}
    if len(big) <= CHUNK_CHARS:
        jar[name] = big
    else:
        for i, start in enumerate(range(0, len(big), CHUNK_CHARS)):
            jar[f"{name}.{i}"] = big[start:start + CHUNK_CHARS]
    return jar, len(big)


def base64_std(text: str) -> bytes:
    import base64
    return base64.b64decode(text)


def base64_url(data: bytes) -> str:
    import base64
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def report(columns: dict[str, list[Count]], current: str, cookie_bytes: int) -> None:
    """One row per case, one column per binary measured; the targets are judged on `current`."""
    names = list(columns)
    print()
    print(f"Instructions per process (callgrind, whole process, one run each); signed-in / with a "
          f"{cookie_bytes}-byte Cookie header")
    head = f"{'case':<34}" + "".join(f"{n:>16}{'x floor':>9}" for n in names) + f"{'target':>12}   "
    print(head)
    floor = columns[current][0].instructions
    rows = [c.label for c in columns[current]]
    for i, label in enumerate(rows):
        line = f"{label:<34}"
        for n in names:
            ins = columns[n][i].instructions
            line += f"{ins:>16,}{ins / floor:>8.1f}x"
        target = TARGETS.get(label)
        if target is not None:
            now = columns[current][i].instructions
            line += f"{'<= ' + format(target / 1e6, '.1f') + ' M':>12}   {verdict(now <= target)}"
        print(line)


def lookups(unstripped: Path, argv: list[str], env: dict[str, str]) -> list[str]:
    """The conformance lookups that missed the runtime's cache in one run of the case, under gdb
    (bench/lookups.gdb) with the unstripped build of the same binary: `protocol: type  <- first frames in our code`."""
    script = Path(__file__).with_name("lookups.gdb")
    run = subprocess.run(["gdb", "-q", "-batch", "-x", str(script), "--args", str(unstripped), *argv[1:]], env=env,
                         stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
    text = run.stdout.decode(errors="replace")
    demangled = subprocess.run(["swift", "demangle", "--simplified"], input=text.encode(), capture_output=True).stdout
    out: list[str] = []
    for block in demangled.decode(errors="replace").split("LOOKUP ")[1:]:
        lines = block.splitlines()
        if "SCAN" not in lines:
            continue   # answered from the runtime's cache
        head = re.sub(r"(type metadata for |full type metadata for )", "", lines[0])
        head = re.sub(r" in section \S+ of \S+", "", head)
        frames = [re.sub(r"^#\d+\s+(0x[0-9a-f]+ in )?", "", l) for l in lines[1:] if l.startswith("#")]
        ours = [f.split(" (")[0] for f in frames if "/Sources/" in f or "specialized" in f or "outlined" in f]
        out.append(f"{head}   <- {' <- '.join(ours[:3]) or (frames[-1] if frames else '?')}")
    return out


def settings_file_env(root: Path, request: dict[str, str], settings: dict[str, str]) -> dict[str, str]:
    """`request` with its settings in a SIGNIN_CONFIG file instead of the environment: how Apache's `SetEnv
    SIGNIN_CONFIG` and shared hosting (a settings file in the account's home) run the program."""
    path = root / "bench-settings.env"
    path.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
    path.chmod(0o600)
    return {**request, "SIGNIN_CONFIG": str(path)}


def run(ws, provider, signin_bin: str, floor: str, hello: str, baseline: str | None,
        request_env, sign_in, jar_header, signin_settings: dict[str, str], keep: Path | None, errfd: int,
        unstripped: Path | None = None, small_file: tuple[str, bytes] | None = None) -> None:
    """The --instructions mode (the workspace, provider and settings come from bench.py)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("bench: valgrind is missing (scripts/lib.sh installs it)")
    out_dir = Path(tempfile.mkdtemp(prefix="callgrind-", dir=ws.root))
    print("==> a sign-in for the session, then an Entra-sized copy of it", flush=True)
    jar, _ = sign_in([signin_bin], signin_settings, provider, ws.pki.ca_pem, errfd)
    big, jwe_len = entra_sized_session(jar.values, signin_settings["SESSION_SECRET"])
    cookie = jar_header(big)
    print(f"    sealed session {jwe_len} characters, Cookie header {len(cookie)} bytes", flush=True)
    signed_out = request_env("/", **signin_settings)
    signed_out_file = settings_file_env(ws.root, request_env("/"), signin_settings)
    login = request_env("/login", **signin_settings)
    signed_in = request_env("/", cookie=cookie, **signin_settings)
    plain = {"PATH": "/usr/bin:/bin"}
    file_cases = []
    if small_file is not None:   # a small file of PROTECTED_DIR, with the same Entra-sized session
        file_cases = [("/files/ small file", request_env(small_file[0], cookie=cookie, **signin_settings), small_file[1])]

    def cases(binary: str) -> list[tuple[str, list[str], dict[str, str], bytes]]:
        return [("C floor (static, gcc -O2)", [floor], signed_out, b"302 Found"),
                ("Swift hello (static, -Osize)", [hello], plain, b"302 Found"),
                ("--version", [binary, "--version"], plain, b""),
                ("/ signed out", [binary], signed_out, b"302"),
                ("/ signed out, settings file", [binary], signed_out_file, b"302"),
                ("/login warm cache", [binary], login, b"Sign In"),
                ("/ signed in", [binary], signed_in, b"Welcome")] + [
                (label, [binary], env, expect) for label, env, expect in file_cases]

    binaries = {"signin.cgi": signin_bin}
    if baseline:
        binaries = {"baseline": baseline, "signin.cgi": signin_bin}
    columns: dict[str, list[Count]] = {}
    print(f"==> callgrind: {', '.join(binaries)}", flush=True)
    for col, binary in binaries.items():
        # warm the provider cache for /login with this binary, then measure
        subprocess.run([binary], env=login, capture_output=True, timeout=60)
        counts = []
        for i, (label, argv, env, expect) in enumerate(cases(binary)):
            ins, stdout = callgrind(argv, env, out_dir, f"{col}.{i}")
            if expect not in stdout:
                raise SystemExit(f"bench: {col} {label} under callgrind answered without {expect!r}:\n"
                                 f"{stdout[:1500].decode(errors='replace')}")
            counts.append(Count(label, ins))
        columns[col] = counts
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        for f in out_dir.iterdir():
            shutil.copy(f, keep / f.name)
    report(columns, "signin.cgi", len(cookie))
    if unstripped is not None:
        if shutil.which("gdb") is None:
            raise SystemExit("bench: --lookups needs gdb")
        print()
        print(f"Conformance lookups that scan the records (gdb, {unstripped})")
        for label, argv, env, _ in cases(signin_bin)[2:]:
            found = lookups(unstripped, argv, env)
            print(f"  {label}: {len(found)}")
            for line in found:
                print(f"    {line}")
