"""A minimal Debian 11 (bullseye) root file system for the portability test, cached as a tarball under .cache/.

The first run debootstraps `--variant=minbase` (about a minute, ~40 MB of downloads) and tars the result into
.cache/chroot/; later runs unpack the tarball into a fresh temp folder (a few seconds). Into that folder go only
the binary and a CA file, and nothing is mounted: not even /proc, which the program does not need (docs/startup.md).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SUITE = "bullseye"
CACHE = REPO / ".cache" / "chroot"
DEFAULT_MIRROR = "http://deb.debian.org/debian"


def apt_mirror() -> str:
    """The Debian mirror apt already uses here (first `deb` URI in /etc/apt), else deb.debian.org."""
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*.sources")),
               *sorted(Path("/etc/apt/sources.list.d").glob("*.list"))]
    for path in sources:
        try:
            text = path.read_text()
        except OSError:
            continue
        for uri in re.findall(r"^(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(https?://\S+)", text, re.M):
            if uri.rstrip("/").endswith("/debian"):
                return uri.rstrip("/")
    return DEFAULT_MIRROR


def cached_tarball() -> Path:
    """The cached minbase tarball, made with debootstrap when absent."""
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    tarball = CACHE / f"debian-{SUITE}-minbase-{arch}.tar.gz"
    if tarball.exists():
        return tarball
    if shutil.which("debootstrap") is None:
        raise RuntimeError("debootstrap is not installed (tests-e2e/chroot/run installs it)")
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="signin-debootstrap-"))
    try:
        root = work / "root"
        log = CACHE / "debootstrap.log"
        with open(log, "w") as out:
            subprocess.run(["debootstrap", "--variant=minbase", f"--arch={arch}", SUITE, str(root), apt_mirror()],
                           stdout=out, stderr=subprocess.STDOUT, check=True, timeout=1800)
        partial = tarball.with_suffix(".partial")
        subprocess.run(["tar", "-C", str(root), "--numeric-owner", "-czf", str(partial), "."], check=True)
        os.replace(partial, tarball)
    finally:
        subprocess.run(["rm", "-rf", "--one-file-system", str(work)], check=False)
    return tarball


def _mounted(path: Path) -> bool:
    target = str(path.resolve())
    with open("/proc/self/mountinfo") as f:
        return any(line.split()[4] == target for line in f)


@dataclass
class Chroot:
    """An unpacked root with nothing mounted in it; `remove()` still unmounts a /proc found mounted before deleting."""
    root: Path

    @classmethod
    def create(cls) -> "Chroot":
        tarball = cached_tarball()
        parent = Path(tempfile.mkdtemp(prefix="signin-chroot-"))
        root = parent / "root"
        root.mkdir()
        subprocess.run(["tar", "-C", str(root), "--numeric-owner", "-xzf", str(tarball)], check=True)
        return cls(root)

    def path(self, inside: str) -> Path:
        return self.root / inside.lstrip("/")

    def install(self, source: Path, inside: str, mode: int) -> None:
        target = self.path(inside)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        os.chmod(target, mode)

    def add_host(self, address: str, name: str) -> None:
        with open(self.path("/etc/hosts"), "a") as f:
            f.write(f"{address} {name}\n")

    def glibc_version(self) -> str:
        """The chroot's own glibc (the binary must not depend on it)."""
        libc = next(self.root.glob("lib/*-linux-gnu/libc-*.so"), None) or next(self.root.glob("lib/*-linux-gnu/libc.so.6"))
        return subprocess.run(["/usr/sbin/chroot", str(self.root), "/" + str(libc.relative_to(self.root))],
                              capture_output=True, text=True).stdout.splitlines()[0]

    def shared_libraries(self, names: list[str]) -> list[str]:
        """Which of these library name prefixes exist anywhere in the chroot (expected: none of ours)."""
        found = []
        for pattern in names:
            found += [str(p.relative_to(self.root)) for d in ("lib", "usr/lib") for p in self.path(d).rglob(pattern + "*")]
        return found

    def remove(self) -> None:
        proc = self.path("/proc")
        if _mounted(proc):
            subprocess.run(["umount", str(proc)], check=False)
        if _mounted(proc):
            subprocess.run(["umount", "-l", str(proc)], check=False)
        if _mounted(proc):
            raise RuntimeError(f"{proc} is still mounted: not deleting {self.root}")
        subprocess.run(["rm", "-rf", "--one-file-system", str(self.root.parent)], check=False)
