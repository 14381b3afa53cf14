"""scripts/bench --storm: many `/login` requests at once on an empty provider cache.

Each request is its own signin.cgi process, as under a web server; they all miss the cache together. The
test provider (TLS on 127.0.0.1) logs every request it gets, so the fetches of the discovery document and
of the key set are counted from its log. With the cache's fill lock one process fetches and the others wait
for it and read what it wrote.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TARGET_FETCHES = 2   # per document, for the whole storm


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def run(ws, provider, signin: str, settings: dict[str, str], request_env, requests: int, parallel: int) -> dict:
    """Runs the storm; returns the counts (also printed by `report`)."""
    cache = Path(tempfile.mkdtemp(prefix="storm-cache-", dir=ws.root))   # ours, 0700, empty
    env = request_env("/login", **{**settings, "CACHE_DIR": str(cache)})

    def one(_: int) -> tuple[int, str]:
        done = subprocess.run([signin], env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        head = done.stdout.split(b"\r\n\r\n", 1)[0]
        status = 200
        for line in head.splitlines():
            if line.lower().startswith(b"status:"):
                status = int(line.split()[1])
        return (status if done.returncode == 0 else -done.returncode), done.stderr.decode(errors="replace")

    print(f"==> cold-cache storm: {requests} /login, {parallel} in flight, empty cache", flush=True)
    provider.mark()
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        results = list(pool.map(one, range(requests)))
    seconds = time.monotonic() - start
    paths = [p.split(" ")[1] for p in provider.paths_since_mark()]
    failed = [(s, err) for s, err in results if s != 200]
    lock_lines = sum(err.count("cache lock not taken") for _, err in results)
    return {"requests": requests, "parallel": parallel, "seconds": seconds, "failed": failed, "lock_lines": lock_lines,
            "metadata": sum(p == "/.well-known/openid-configuration" for p in paths),
            "keys": sum("jwks" in p for p in paths), "other": [p for p in paths if p != "/.well-known/openid-configuration"
                                                              and "jwks" not in p]}


def report(s: dict) -> None:
    print()
    print(f"Cold-cache storm: {s['requests']} /login, {s['parallel']} in flight, empty cache, {s['seconds']:.1f} s; "
          f"{len(s['failed'])} not 200; {s['lock_lines']} 'cache lock not taken' log lines")
    for name in ("metadata", "keys"):
        print(f"  {name + ' fetches':<38}{s[name]:>4}   target <= {TARGET_FETCHES}  {verdict(s[name] <= TARGET_FETCHES)}")
    if s["other"]:
        print(f"  other provider requests: {', '.join(sorted(set(s['other'])))}")
    for status, err in s["failed"][:3]:
        print(f"  a failed request ({status}): {err.strip()[:300]}")
