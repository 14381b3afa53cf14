"""The operator's command line (docs/contract.md "Command line"): the same binary run without GATEWAY_INTERFACE."""

from __future__ import annotations

import base64
import datetime
import os
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def run(binary: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(binary), *args], env=env or {"PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          timeout=30)


def test_help_lists_every_command(signin_bin: Path) -> None:
    r = run(signin_bin, "--help")
    assert r.returncode == 0
    for word in ("--help", "--version", "new-secret", "check-config", "SESSION_SECRET"):
        assert word in r.stdout


def test_version_names_the_program(signin_bin: Path) -> None:
    r = run(signin_bin, "--version")
    assert r.returncode == 0
    assert r.stdout.startswith("signin.cgi ") and r.stdout.strip().split(" ")[1][0].isdigit()


def test_new_secret_is_32_fresh_random_bytes(signin_bin: Path) -> None:
    first, second = run(signin_bin, "new-secret"), run(signin_bin, "new-secret")
    assert first.returncode == 0 and second.returncode == 0
    assert len(base64.b64decode(first.stdout.strip(), validate=True)) == 32
    assert first.stdout != second.stdout


def test_no_or_unknown_command_is_a_usage_error(signin_bin: Path) -> None:
    assert run(signin_bin).returncode == 2
    r = run(signin_bin, "frobnicate")
    assert r.returncode == 2 and "unknown command" in r.stderr


def test_check_config_names_what_is_missing_and_invalid_never_a_value(signin_bin: Path, tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "CLIENT_SECRET": "hunter2-hunter2", "SESSION_SECRET": "c2hvcnQ=",
           "ENDPOINT": "http://graph.example/me", "CACHE_DIR": str(tmp_path / "cache")}
    r = run(signin_bin, "check-config", env=env)
    assert r.returncode == 1
    assert "problem: CLIENT_ID is missing: set it to the application (client) id" in r.stdout
    assert "problem: SESSION_SECRET must be base64 of at least 32 random bytes: make one with: signin.cgi new-secret" in r.stdout
    assert "problem: ENDPOINT must be an https URL" in r.stdout
    assert "hunter2" not in r.stdout + r.stderr and "c2hvcnQ=" not in r.stdout + r.stderr


def test_check_config_reports_an_unreachable_provider(signin_bin: Path, tmp_path: Path) -> None:
    # Port 9 on loopback (discard) is closed here: the connection is refused at once.
    env = {"PATH": "/usr/bin:/bin", "CLIENT_ID": "c", "CLIENT_SECRET": "s", "SESSION_SECRET": SECRET,
           "OIDC_AUTHORITY": "https://127.0.0.1:9", "CACHE_DIR": str(tmp_path / "cache")}
    r = run(signin_bin, "check-config", env=env)
    assert r.returncode == 1
    assert "problem: the provider cannot be reached at https://127.0.0.1:9/" in r.stdout
    assert "nothing accepts connections there" in r.stdout


def test_a_cgi_request_never_reaches_the_command_line(signin_bin: Path) -> None:
    env = {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "SCRIPT_NAME": "/cgi-bin/signin.cgi",
           "PATH_INFO": "/", "SERVER_NAME": "example.test", "SERVER_PORT": "80"}
    r = run(signin_bin, "new-secret", env=env)
    assert r.returncode == 0
    assert r.stdout.startswith("Status: 500")      # the configuration-error page, not a secret


# --- check-config, one finding a line (README "Command line"), against temp settings files -----------------------------
# The provider is 127.0.0.1:9 (closed: refused at once), so nothing here touches the network.

CLOSED = "https://127.0.0.1:9"
BASE = {"CLIENT_ID": "5f6c2a51-0f71-4a3e-9d7e-1d2b3c4d5e6f", "CLIENT_SECRET": "s3cret-s3cret-s3cret", "SESSION_SECRET": SECRET,
        "OIDC_AUTHORITY": CLOSED}


def check(binary: Path, tmp_path: Path, text: str | None = None, mode: int = 0o600, **env: str) -> subprocess.CompletedProcess[str]:
    """check-config with `text` as the settings file (SIGNIN_CONFIG) and `env` as the environment."""
    environment = {"PATH": "/usr/bin:/bin", "CACHE_DIR": str(tmp_path / "cache"), **env}
    if text is not None:
        path = tmp_path / "signin.env"
        path.write_text(text)
        os.chmod(path, mode)
        environment["SIGNIN_CONFIG"] = str(path)
    return run(binary, "check-config", env=environment)


def dotenv(values: dict[str, str]) -> str:
    return "".join(f"{k}={v}\n" for k, v in values.items())


def lines(r: subprocess.CompletedProcess[str], level: str) -> list[str]:
    return [line for line in r.stdout.splitlines() if line.startswith(level + ": ")]


def test_check_config_names_the_settings_file_it_read(signin_bin: Path, tmp_path: Path) -> None:
    r = check(signin_bin, tmp_path, dotenv(BASE))
    assert f"ok: settings file {tmp_path / 'signin.env'} (named by SIGNIN_CONFIG): 4 setting line(s)" in r.stdout
    assert "s3cret" not in r.stdout


def test_check_config_without_a_file_says_so(signin_bin: Path, tmp_path: Path) -> None:
    r = check(signin_bin, tmp_path, None, HOME="/nonexistent", **BASE)
    assert "ok: no settings file (SIGNIN_CONFIG is unset" in r.stdout


@pytest.mark.parametrize("mode, fault, fix", [
    (0o644, "mode 0644: readable by others", "chmod 600"),
    (0o620, "mode 0620: writable by group", "chmod 600"),
])
def test_check_config_a_file_others_can_read_or_change_is_one_problem(signin_bin: Path, tmp_path: Path, mode, fault, fix) -> None:
    r = check(signin_bin, tmp_path, dotenv(BASE), mode=mode)
    assert r.returncode == 1
    path = tmp_path / "signin.env"
    assert lines(r, "problem") == [f"problem: the settings file {path} was not read, so none of its settings apply ({fault}): {fix} {path}"]


def test_check_config_a_file_of_another_user_is_refused(signin_bin: Path, tmp_path: Path) -> None:
    r0 = check(signin_bin, tmp_path, dotenv(BASE))
    os.chown(tmp_path / "signin.env", 65534, 65534)
    r = check(signin_bin, tmp_path, None, SIGNIN_CONFIG=str(tmp_path / "signin.env"))
    assert r0.returncode == 1 and r.returncode == 1
    [problem] = lines(r, "problem")
    assert "owned by uid 65534" in problem and f"chown {os.geteuid()} {tmp_path / 'signin.env'}" in problem


def test_check_config_a_typo_is_a_warning_with_the_closest_setting(signin_bin: Path, tmp_path: Path) -> None:
    r = check(signin_bin, tmp_path, dotenv(BASE) + "SESSION_SECERT=abc\nFLASK_DEBUG=1\n")
    assert "warning: SESSION_SECERT in the settings file is not a setting and is ignored: did you mean SESSION_SECRET?" in r.stdout
    assert "warning: FLASK_DEBUG in the settings file is not a setting and is ignored (it may still be used as ${FLASK_DEBUG})" in r.stdout
    assert not [p for p in lines(r, "problem") if "SESSION_SECERT" in p or "FLASK_DEBUG" in p]


def test_check_config_ignored_b2c_flows_are_a_warning(signin_bin: Path, tmp_path: Path) -> None:
    r = check(signin_bin, tmp_path, dotenv(BASE) + "SIGNUPSIGNIN_USER_FLOW=B2C_1_signupsignin1\n")
    assert "warning: the B2C user-flow settings (SIGNUPSIGNIN_USER_FLOW, …) are ignored without B2C_TENANT_NAME" in r.stdout


@pytest.mark.parametrize("name, value", [
    ("CLIENT_ID", "<client id>"), ("CLIENT_ID", "Enter_the_Application_Id_here"), ("CLIENT_SECRET", "<client secret>"),
    ("CLIENT_SECRET", "Enter_the_Client_Secret_Here"), ("OIDC_AUTHORITY", "https://your-tenant.example/"),
    ("CLIENT_ID", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"), ("CLIENT_SECRET", "changeme"), ("CLIENT_ID", "TODO"),
])
def test_check_config_placeholders_are_problems(signin_bin: Path, tmp_path: Path, name, value) -> None:
    r = check(signin_bin, tmp_path, dotenv({**BASE, name: value}))
    assert r.returncode == 1
    [problem] = [p for p in lines(r, "problem") if name in p and "placeholder" in p]
    assert (value in problem) == (name != "CLIENT_SECRET"), "a secret is named, never shown"


def test_check_config_authority_ending_in_v2_is_one_problem_with_the_fix(signin_bin: Path, tmp_path: Path) -> None:
    values = {k: v for k, v in BASE.items() if k != "OIDC_AUTHORITY"}
    r = check(signin_bin, tmp_path, dotenv({**values, "AUTHORITY": "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"}))
    assert r.returncode == 1
    assert lines(r, "problem") == ["problem: AUTHORITY ends in /v2.0: remove /v2.0 (signin.cgi adds it): "
                                   "AUTHORITY=https://login.microsoftonline.com/contoso.onmicrosoft.com"]


@pytest.mark.parametrize("name, value, fixed", [
    ("AUTHORITY", "https://login.microsoftonline.com/contoso/v2.0/.well-known/openid-configuration",
     "AUTHORITY=https://login.microsoftonline.com/contoso"),
    ("OIDC_AUTHORITY", "https://127.0.0.1:9/.well-known/openid-configuration", "OIDC_AUTHORITY=https://127.0.0.1:9"),
])
def test_check_config_a_discovery_url_is_not_an_authority(signin_bin: Path, tmp_path: Path, name, value, fixed) -> None:
    values = {k: v for k, v in BASE.items() if k != "OIDC_AUTHORITY"}
    r = check(signin_bin, tmp_path, dotenv({**values, name: value}))
    assert r.returncode == 1
    assert f"problem: {name} is a discovery URL: give the authority, not the discovery URL: {fixed}" in lines(r, "problem")


def test_check_config_client_id_not_a_guid_for_entra_is_a_warning(signin_bin: Path, tmp_path: Path) -> None:
    values = {k: v for k, v in BASE.items() if k != "OIDC_AUTHORITY"}
    r = check(signin_bin, tmp_path, dotenv({**values, "CLIENT_ID": "my-app", "AUTHORITY": "https://login.microsoftonline.com/contoso"}),
              CA_BUNDLE=str(tmp_path / "none.pem"))
    assert "warning: CLIENT_ID is not a GUID" in r.stdout
    assert "CLIENT_ID is not a GUID" not in check(signin_bin, tmp_path, dotenv({**BASE, "CLIENT_ID": "my-app"})).stdout


def test_check_config_the_secret_quoting_reads_as_python_dotenv_does(signin_bin: Path, tmp_path: Path) -> None:
    values = {k: v for k, v in BASE.items() if k != "CLIENT_SECRET"}
    r = check(signin_bin, tmp_path, dotenv(values) + 'CLIENT_SECRET="abc"  # the secret\n')
    assert "ok: CLIENT_SECRET is set (3 characters, from the settings file)" in r.stdout
    assert not [line for line in r.stdout.splitlines() if "CLIENT_SECRET" in line and not line.startswith("ok:")]
    half = check(signin_bin, tmp_path, dotenv(values) + "CLIENT_SECRET='abc\n")
    assert "warning: line 4 of the settings file cannot be parsed and is skipped, as python-dotenv does: check its quotes" in half.stdout
    assert "problem: CLIENT_SECRET is missing" in half.stdout
    kept = check(signin_bin, tmp_path, dotenv(values) + "CLIENT_SECRET=abc'\n")
    assert "warning: CLIENT_SECRET (from the settings file) starts or ends with a single quote" in kept.stdout


def test_check_config_ca_bundle_missing_not_pem_or_a_folder(signin_bin: Path, tmp_path: Path) -> None:
    missing = check(signin_bin, tmp_path, dotenv(BASE), CA_BUNDLE="/x.pem")
    assert "problem: CA_BUNDLE /x.pem: no such file: set it to a PEM file of CA certificates" in missing.stdout
    der = tmp_path / "ca.der"
    der.write_bytes(b"\x30\x82\x01\x0a not pem")
    not_pem = check(signin_bin, tmp_path, dotenv(BASE), CA_BUNDLE=str(der))
    assert f"problem: CA_BUNDLE {der}: not PEM (no -----BEGIN CERTIFICATE-----)" in not_pem.stdout
    folder = check(signin_bin, tmp_path, dotenv(BASE), CA_BUNDLE=str(tmp_path))
    assert f"problem: CA_BUNDLE {tmp_path}: not a regular file" in folder.stdout
    for r in (missing, not_pem, folder):
        assert r.returncode == 1


def test_check_config_ca_bundle_counts_its_certificates(signin_bin: Path, tmp_path: Path) -> None:
    pem = tmp_path / "ca.pem"
    cert, _ = make_certificate(days=365)
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM) * 2)
    r = check(signin_bin, tmp_path, dotenv(BASE), CA_BUNDLE=str(pem))
    assert f"ok: CA_BUNDLE {pem}: 2 certificate(s)" in r.stdout


def test_check_config_cache_folder(signin_bin: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert "ok: cache folder" in check(signin_bin, tmp_path, dotenv(BASE)).stdout and "not there yet" in check(signin_bin, tmp_path, dotenv(BASE)).stdout
    cache.mkdir(mode=0o700)
    assert f"ok: cache folder {cache}: private to uid {os.geteuid()}" in check(signin_bin, tmp_path, dotenv(BASE)).stdout
    os.chmod(cache, 0o770)
    r = check(signin_bin, tmp_path, dotenv(BASE))
    [warning] = [w for w in lines(r, "warning") if "cache folder" in w]
    assert f"cache folder {cache} is writable by group or others, so it is not used: chmod 700 {cache}" in warning
    assert "works without a cache" in warning and "slower" in warning
    assert not [p for p in lines(r, "problem") if "cache" in p], "a cache problem alone is only a warning"
    os.chmod(cache, 0o700)
    os.chown(cache, 65534, 65534)
    owned = check(signin_bin, tmp_path, dotenv(BASE))
    assert f"cache folder {cache} is owned by uid 65534" in owned.stdout and f"chown {os.geteuid()} {cache}" in owned.stdout
    gone = check(signin_bin, tmp_path, dotenv(BASE), CACHE_DIR=str(tmp_path / "no" / "such" / "cache"))
    assert "does not exist and its parent is missing or not writable" in gone.stdout


def test_check_config_tls_reasons_read_as_sentences(signin_bin: Path, tmp_path: Path) -> None:
    r = check(signin_bin, tmp_path, dotenv({**BASE, "OIDC_AUTHORITY": "https://no-such-host.invalid"}))
    assert "problem: the provider cannot be reached at https://no-such-host.invalid/.well-known/openid-configuration: " \
           "its host name does not resolve" in r.stdout
    assert "_" not in r.stdout.split("resolve", 1)[1].split("\n")[0].replace("CA_BUNDLE", "")


def test_check_config_base_url_prints_the_redirect_uri(signin_bin: Path, tmp_path: Path) -> None:
    path = tmp_path / "signin.env"
    path.write_text(dotenv(BASE))
    os.chmod(path, 0o600)
    r = run(signin_bin, "check-config", "--base-url", "https://www.example.org/cgi-bin/signin.cgi/",
            env={"PATH": "/usr/bin:/bin", "SIGNIN_CONFIG": str(path), "CACHE_DIR": str(tmp_path / "c")})
    assert "ok: redirect URI to register: https://www.example.org/cgi-bin/signin.cgi/getAToken" in r.stdout


@pytest.mark.parametrize("uri, ok", [
    ("https://www.example.org/cgi-bin/signin.cgi/getAToken", True),
    ("https://www.example.org/auth/getAToken", True),
    ("https://www.example.org/cgi-bin/signin.cgi", False),
    ("https://www.example.org/cgi-bin/signin.cgi/callback", False),
])
def test_check_config_redirect_uri_must_end_with_the_callback_path(signin_bin: Path, tmp_path: Path, uri, ok) -> None:
    r = check(signin_bin, tmp_path, dotenv({**BASE, "REDIRECT_URI": uri}))
    problems = [p for p in lines(r, "problem") if "REDIRECT_URI" in p]
    assert bool(problems) != ok, r.stdout
    if not ok:
        assert "does not end with REDIRECT_PATH /getAToken" in problems[0]


# --- CLIENT_CERTIFICATE ------------------------------------------------------------------------------------------------

def make_certificate(days: int, start_days: int = -1) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "check-config test app")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + datetime.timedelta(days=start_days)).not_valid_after(now + datetime.timedelta(days=days))
            .sign(key, hashes.SHA256()))
    return cert, key


def certificate_file(tmp_path: Path, days: int, start_days: int = -1) -> tuple[Path, x509.Certificate]:
    cert, key = make_certificate(days, start_days)
    path = tmp_path / f"app-{days}-{start_days}.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()) + cert.public_bytes(serialization.Encoding.PEM))
    os.chmod(path, 0o600)
    return path, cert


def with_certificate(path: Path) -> str:
    return dotenv({**{k: v for k, v in BASE.items() if k != "CLIENT_SECRET"}, "CLIENT_CERTIFICATE": str(path)})


def test_check_config_prints_the_certificates_thumbprints_subject_and_expiry(signin_bin: Path, tmp_path: Path) -> None:
    path, cert = certificate_file(tmp_path, days=365)
    r = check(signin_bin, tmp_path, with_certificate(path))
    sha1 = cert.fingerprint(hashes.SHA1()).hex().upper()
    sha256 = cert.fingerprint(hashes.SHA256()).hex().upper()
    assert f'ok: certificate SHA-1 thumbprint (the Entra portal\'s "Thumbprint") {sha1}' in r.stdout
    assert f"ok: certificate SHA-256 thumbprint {sha256}" in r.stdout
    assert f"ok: CLIENT_CERTIFICATE {path}: subject CN=check-config test app" in r.stdout
    expiry = cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f"ok: the certificate is valid " in r.stdout and f"to {expiry}" in r.stdout
    assert "CLIENT_SECRET is missing" not in r.stdout
    assert "PRIVATE KEY" not in r.stdout


@pytest.mark.parametrize("days, start_days, level, words", [
    (20, -1, "warning", "the certificate expires in "),
    (-1, -30, "problem", "the certificate has expired"),
    (365, 2, "problem", "the certificate is not valid yet"),
])
def test_check_config_certificate_validity(signin_bin: Path, tmp_path: Path, days, start_days, level, words) -> None:
    path, _ = certificate_file(tmp_path, days=days, start_days=start_days)
    r = check(signin_bin, tmp_path, with_certificate(path))
    assert [line for line in lines(r, level) if words in line], r.stdout


def test_check_config_an_unusable_certificate_file_is_a_problem(signin_bin: Path, tmp_path: Path) -> None:
    path, _ = certificate_file(tmp_path, days=365)
    os.chmod(path, 0o644)
    r = check(signin_bin, tmp_path, with_certificate(path))
    assert [p for p in lines(r, "problem") if p.startswith(f"problem: CLIENT_CERTIFICATE: {path}: mode 0644")], r.stdout
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    os.chmod(broken, 0o600)
    assert [p for p in lines(check(signin_bin, tmp_path, with_certificate(broken)), "problem") if "CLIENT_CERTIFICATE" in p]
