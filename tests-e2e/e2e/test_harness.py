"""The rig itself, proven with a trivial CGI script: Apache runs it as www-data with SIGNIN_CONFIG set, and every
path the real program needs (settings, CA file, cache folder, the provider over TLS) is reachable by that user."""

import json
import os
import pwd
import stat
import textwrap

import requests

PROBE = textwrap.dedent("""\
    #!/bin/sh
    # A stand-in for signin.cgi: reports what the real program would see.
    set -a; . "$SIGNIN_CONFIG"; set +a
    printf 'Content-Type: application/json\\r\\n\\r\\n'
    discovery=$(curl -sS --max-time 10 --cacert "$CA_BUNDLE" "$OIDC_AUTHORITY/.well-known/openid-configuration" | tr -d '\\n')
    if touch "$CACHE_DIR/probe" 2>/dev/null; then cache=writable; else cache=unwritable; fi
    printf '{"user":"%s","path_info":"%s","script_name":"%s","cache":"%s","discovery":%s}' \\
        "$(id -un)" "$PATH_INFO" "$SCRIPT_NAME" "$cache" "${discovery:-null}"
    echo "signin: probe ran" >&2
    """)


def test_apache_runs_a_cgi_as_www_data_that_reaches_settings_cache_and_provider(workspace, apache, provider, tmp_path):
    from .harness import provider_settings
    script = tmp_path / "probe.cgi"
    script.write_text(PROBE)
    workspace.install_cgi(script, "probe.cgi")
    settings = provider_settings(workspace, provider)
    workspace.write_dotenv(settings)
    cache = os.stat(settings["CACHE_DIR"])
    assert cache.st_uid == pwd.getpwnam("www-data").pw_uid and stat.S_IMODE(cache.st_mode) == 0o700
    log_start = apache.error_log.stat().st_size
    provider.mark()

    answer = requests.get(f"{apache.base_url}/cgi-bin/probe.cgi/login", timeout=30)

    assert answer.status_code == 200, answer.text
    seen = json.loads(answer.text)
    assert seen["user"] == "www-data"
    assert seen["path_info"] == "/login" and seen["script_name"] == "/cgi-bin/probe.cgi"
    assert seen["cache"] == "writable"
    assert seen["discovery"]["issuer"] == provider.issuer
    assert provider.paths_since_mark() == ["GET /.well-known/openid-configuration"]
    with open(apache.error_log) as f:
        f.seek(log_start)
        log = f.read()
    assert "signin: probe ran" in log
    assert "AH01630" not in log, "DocumentRoot must be accessible for PATH_TRANSLATED"


def test_apache_serves_loopback_only_and_records_its_pid(apache):
    conf = (apache.directory / "httpd.conf").read_text()
    assert f"Listen 127.0.0.1:{apache.port}" in conf
    assert apache.pid_file_pid == apache.proc.pid


def test_headless_chromium_runs_with_the_local_driver(apache, browser):
    browser.get(f"{apache.base_url}/index.html")
    assert "static page" in browser.page_source
