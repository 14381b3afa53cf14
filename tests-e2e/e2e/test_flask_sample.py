"""The Flask sample's `.env.sample` (Azure-Samples/ms-identity-python-webapp, the tutorial's), comments and B2C
user-flow lines as they are, used unchanged as SIGNIN_CONFIG: signing in works, and check-config says what it ignores.

tests-e2e/fixtures/flask-env.sample is that file with the test provider's values filled in and the few lines this
program needs besides (OIDC_AUTHORITY, SESSION_SECRET, CA_BUNDLE, CACHE_DIR, SCOPE) added at the end.
"""

from __future__ import annotations

import os
import pwd
import subprocess
from pathlib import Path

from . import flow
from .harness import new_secret

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "flask-env.sample"


def sample_text(workspace, provider, cache_dir: Path) -> tuple[str, str]:
    secret = new_secret()
    text = FIXTURE.read_text()
    for marker, value in {"@PROVIDER@": provider.issuer, "@SESSION_SECRET@": secret,
                          "@CA_BUNDLE@": str(workspace.pki.ca_pem), "@CACHE_DIR@": str(cache_dir)}.items():
        text = text.replace(marker, value)
    return text, secret


def write_for_www_data(path: Path, text: str) -> None:
    """The settings file as the e2e harness writes it: root-owned, group www-data, mode 0640."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.chown(tmp, 0, pwd.getpwnam("www-data").pw_gid)
    os.chmod(tmp, 0o640)
    os.replace(tmp, path)


def test_the_flask_sample_env_signs_in_unchanged(site, provider, workspace):
    text, secret = sample_text(workspace, provider, workspace.new_cache_dir())
    site.secrets |= {secret, "flask-sample-client-secret"}
    site.providers.append(provider)
    write_for_www_data(workspace.dotenv, text)

    signed_in = flow.sign_in(site, provider, "ada")
    assert flow.query_of(signed_in.authorize_url)["client_id"] == "e2e-client"
    assert "Welcome Ada Lovelace!" in signed_in.home.text
    assert not [r for r in site.reasons() if "configuration" in r], site.reasons()


def test_check_config_on_the_flask_sample_warns_of_what_it_ignores(provider, workspace, signin_bin: Path, tmp_path: Path):
    text, secret = sample_text(workspace, provider, tmp_path / "cache")
    path = tmp_path / "flask.env"
    path.write_text(text)
    os.chmod(path, 0o600)
    r = subprocess.run([str(signin_bin), "check-config"], env={"PATH": "/usr/bin:/bin", "SIGNIN_CONFIG": str(path)},
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "warning: the B2C user-flow settings (SIGNUPSIGNIN_USER_FLOW, …) are ignored without B2C_TENANT_NAME" in r.stdout
    assert "warning: AUTHORITY is ignored because OIDC_AUTHORITY is set" in r.stdout
    assert f"ok: issuer {provider.issuer}" in r.stdout
    assert secret not in r.stdout and "flask-sample-client-secret" not in r.stdout
