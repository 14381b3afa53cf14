"""`signin.cgi check-config` against the real test provider over TLS."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .harness import provider_settings


def test_check_config_reaches_the_provider_and_says_ok(workspace, provider, signin_bin: Path, tmp_path: Path) -> None:
    settings = provider_settings(workspace, provider, CACHE_DIR=str(tmp_path / "cache"))
    r = subprocess.run([str(signin_bin), "check-config"], env={"PATH": "/usr/bin:/bin", **settings},
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"ok: issuer {provider.issuer}" in r.stdout
    assert "signing key(s)" in r.stdout and r.stdout.rstrip().endswith("configuration ok")
    assert settings["CLIENT_SECRET"] not in r.stdout + r.stderr


def test_check_config_without_the_ca_bundle_fails_the_tls_check(workspace, provider, signin_bin: Path, tmp_path: Path) -> None:
    settings = provider_settings(workspace, provider, CACHE_DIR=str(tmp_path / "cache"))
    del settings["CA_BUNDLE"]
    r = subprocess.run([str(signin_bin), "check-config"], env={"PATH": "/usr/bin:/bin", **settings},
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "problem: the provider cannot be reached" in r.stdout and "CA_BUNDLE" in r.stdout
