"""Starting and stopping the servers the tests own: process groups, bounded readiness polls, free ports."""

from __future__ import annotations

import os
import pwd
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

STARTUP_DEADLINE = 20.0   # seconds a server gets to become ready
STOP_DEADLINE = 10.0      # seconds a server gets to exit after SIGTERM before SIGKILL


def provider_arguments() -> "argparse.ArgumentParser":
    """The command line both test providers take from harness.start_provider_process."""
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--port-file", required=True, type=Path)
    p.add_argument("--request-log", required=True, type=Path)
    p.add_argument("--token-log", required=True, type=Path)
    return p


def publish_port(port_file: Path, port: int) -> None:
    """Written by a server once it listens: atomically, so the parent never reads half a number."""
    tmp = port_file.with_suffix(".tmp")
    tmp.write_text(str(port))
    os.replace(tmp, port_file)


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago (the caller retries if it loses the race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(argv: list[str], *, log: Path, env: dict[str, str] | None = None, cwd: Path | None = None,
          user: str | None = None) -> subprocess.Popen:
    """Starts `argv` in its own process group (so it and its children can be stopped together).

    With `user`, the process runs as that account and its primary group only (no supplementary groups).
    """
    out = open(log, "ab", buffering=0)
    as_user = {} if user is None else {"user": user, "group": pwd.getpwnam(user).pw_gid, "extra_groups": []}
    try:
        return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, cwd=cwd, start_new_session=True, **as_user)
    finally:
        out.close()


def on_free_port(launch: Callable[[int], T], what: str, attempts: int = 3) -> T:
    """Calls `launch(port)` with a free port; a free port can be taken between probing and binding, so a
    launch that raises RuntimeError (not ready, exited) is retried with another port."""
    last_error: Exception | None = None
    for _ in range(attempts):
        try:
            return launch(free_port())
        except RuntimeError as error:
            last_error = error
    raise RuntimeError(f"{what} did not start: {last_error}")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the process group, bounded wait, then SIGKILL; always reaps the child."""
    if proc.poll() is None:
        _signal_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_DEADLINE)
        except subprocess.TimeoutExpired:
            _signal_group(proc.pid, signal.SIGKILL)
            proc.wait(timeout=STOP_DEADLINE)
    # Children left in the group (e.g. a hung worker) go too.
    _signal_group(proc.pid, signal.SIGKILL)


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def wait_for(predicate, what: str, *, proc: subprocess.Popen | None = None, log: Path | None = None,
             deadline: float = STARTUP_DEADLINE) -> None:
    """Polls `predicate` until it is true or the deadline passes; fails early if `proc` exited."""
    end = time.monotonic() + deadline
    while True:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: process exited with {proc.returncode}\n{_tail(log)}")
        if time.monotonic() > end:
            raise RuntimeError(f"{what}: not ready within {deadline:.0f}s\n{_tail(log)}")
        time.sleep(0.05)


def url_answers(url: str, ca_file: Path | None = None) -> bool:
    """True when `url` gives any HTTP answer (any status)."""
    context = ssl.create_default_context(cafile=str(ca_file)) if ca_file else None
    try:
        with urllib.request.urlopen(url, timeout=2, context=context):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ssl.SSLError):
        return False


def _tail(log: Path | None, lines: int = 30) -> str:
    if log is None or not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class LoopbackServer:
    """A web server the tests own: its process (group leader), its port on 127.0.0.1 and its temp folder."""
    proc: subprocess.Popen
    port: int
    directory: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop(self.proc)


def check_config(argv: list[str], what: str) -> None:
    """Runs a server's own config test (`nginx -t`, ...); a bad config is a ValueError, never retried."""
    check = subprocess.run(argv, capture_output=True, text=True)
    if check.returncode != 0:
        raise ValueError(f"{what} failed:\n{check.stdout}{check.stderr}")


S = TypeVar("S", bound=LoopbackServer)


def ready(server: S, what: str, log: Path) -> S:
    """Waits until the server's /index.html answers; stops its process if it exits or the deadline passes."""
    try:
        wait_for(lambda: url_answers(f"{server.base_url}/index.html"), f"{what} on port {server.port}",
                 proc=server.proc, log=log)
    except BaseException:
        stop(server.proc)
        raise
    return server
