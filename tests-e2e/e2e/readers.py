"""The example session readers (examples/) installed as CGI programs beside signin.cgi in the workspace's cgi-bin.

Each reader is reached through a tiny shell wrapper that exports its settings (the reader reads them from its
environment, as it would from Apache's SetEnv) and execs it; a test rewrites the wrapper to change them.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .harness import REPO, Workspace

EXAMPLES = REPO / "examples"
PHP = "/usr/bin/php"


@dataclass(frozen=True)
class Reader:
    """One example reader: its source in examples/, how it is run, and its CGI name in cgi-bin."""
    name: str
    source: str
    interpreter: str | None   # None: executed directly (its own `#!` line)

    @property
    def cgi_name(self) -> str:
        return f"session-reader-{self.name}.cgi"

    def script_path(self) -> str:
        return f"/cgi-bin/{self.cgi_name}"


PYTHON_READER = Reader("py", "session_reader.py", sys.executable)   # the test venv has joserfc
PHP_READER = Reader("php", "session_reader.php", None)              # `#!/usr/bin/php`: php-cli as the CGI
READERS = (PYTHON_READER, PHP_READER)


def install_sources(ws: Workspace) -> Path:
    """Copies examples/ into a www-data-readable folder of the workspace (once per session)."""
    target = ws.root / "examples"
    target.mkdir(mode=0o755, exist_ok=True)
    for reader in READERS:
        copy = target / reader.source
        shutil.copyfile(EXAMPLES / reader.source, copy)
        os.chmod(copy, 0o755)
    return target


def write_wrapper(ws: Workspace, sources: Path, reader: Reader, env: dict[str, str]) -> Path:
    """(Re)writes cgi-bin/<reader.cgi_name>: exports `env`, then execs the reader. Mode 0750, group www-data,
    since it holds SESSION_SECRET; replaced atomically so a request never sees half a file."""
    program = sources / reader.source
    command = f"{shlex.quote(reader.interpreter)} {shlex.quote(str(program))}" if reader.interpreter else shlex.quote(str(program))
    lines = ["#!/bin/sh", "# written by tests-e2e/e2e/readers.py"]
    lines += [f"export {k}={shlex.quote(v)}" for k, v in env.items()]
    lines.append(f"exec {command}")
    target = ws.cgi_dir / reader.cgi_name
    tmp = target.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    os.chown(tmp, 0, pwd.getpwnam("www-data").pw_gid)
    os.chmod(tmp, 0o750)
    os.replace(tmp, target)
    return target
