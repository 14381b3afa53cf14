"""A whole sign-in in headless Chromium through each web server signin.cgi is deployed on (docs/servers.md):
nginx + fcgiwrap, lighttpd mod_cgi, Apache with .htaccess, Apache with suEXEC and mod_userdir.

Each server runs on 127.0.0.1 from a throwaway config in the workspace, is started by its fixture and stopped by
PID (procs.py); none depends on the distribution's own services or on port 80.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from . import browsing, flow, suexec
from .apache import htaccess_config_text, start_httpd
from .conftest import Site
from .harness import Provider, Workspace
from .lighttpd import start_lighttpd
from .nginx import start_nginx


def serve(workspace: Workspace, server, **site_options):
    """Yields a Site on `server`, then stops the server and checks the log the program wrote to."""
    site = Site(workspace, server, **site_options)
    try:
        yield site
    finally:
        site.http.close()
        server.stop()
    site.assert_log_clean()


def own_dotenv(workspace: Workspace, name: str) -> tuple[Path, dict]:
    """A settings file of this server's own, and the Site option that rewrites it."""
    path = workspace.root / f"{name}.env"
    workspace.write_dotenv({}, path)
    return path, {"write_settings": lambda settings: workspace.write_dotenv(settings, path)}


def assert_signs_in(site: Site, provider: Provider, browser) -> None:
    """The bare script URL leads to the login page, the browser signs in, and a refused request's reason reaches
    the log this server keeps for the program's stderr."""
    bare = site.get("")   # no PATH_INFO at all, or an empty one: both are the index
    assert bare.status_code == 302, bare.text[:2000]
    assert flow.location(bare) == site.url("/login")

    browsing.sign_in(browser, site.url(""), provider)

    missing = site.get("/no-such-page")
    assert missing.status_code == 404
    assert any(r.startswith("signin: request rejected reason=not_found") for r in site.reasons()), site.log()[-3000:]


# ------------------------------------------------------------------------------------------- nginx + fcgiwrap

@pytest.fixture
def nginx_site(workspace, installed):
    dotenv, options = own_dotenv(workspace, "nginx")
    server = start_nginx(directory=workspace.root / "nginx", program=installed, document_root=workspace.www,
                         dotenv=dotenv)
    yield from serve(workspace, server, **options)


def test_nginx_with_fcgiwrap_signs_in(nginx_site, provider, browser):
    conf = (nginx_site.apache.directory / "nginx.conf").read_text()
    assert "fastcgi_param SIGNIN_CONFIG" in conf and "include" not in conf
    nginx_site.configure(provider)
    assert_signs_in(nginx_site, provider, browser)


# ------------------------------------------------------------------------------------------------- lighttpd

@pytest.fixture
def lighttpd_site(workspace, installed):
    dotenv, options = own_dotenv(workspace, "lighttpd")
    server = start_lighttpd(directory=workspace.root / "lighttpd", cgi_dir=workspace.cgi_dir,
                            document_root=workspace.www, dotenv=dotenv)
    yield from serve(workspace, server, **options)


def test_lighttpd_with_mod_cgi_signs_in(lighttpd_site, provider, browser):
    lighttpd_site.configure(provider)
    assert_signs_in(lighttpd_site, provider, browser)


# ---------------------------------------------------------------------------------------- Apache + .htaccess

@pytest.fixture
def htaccess_site(workspace, installed):
    """The shared-hosting layout: htdocs/cgi-bin/{signin.cgi,.htaccess}; the server config has no SetEnv."""
    dotenv, options = own_dotenv(workspace, "htaccess")
    htdocs = workspace.root / "htdocs"
    cgi_bin = htdocs / "cgi-bin"
    cgi_bin.mkdir(mode=0o755, parents=True)
    for d in (htdocs, cgi_bin):
        os.chmod(d, 0o755)
    shutil.copyfile(workspace.www / "index.html", htdocs / "index.html")
    shutil.copyfile(installed, cgi_bin / "signin.cgi")
    os.chmod(cgi_bin / "signin.cgi", 0o755)
    (cgi_bin / ".htaccess").write_text(f"AddHandler cgi-script .cgi\nSetEnv SIGNIN_CONFIG {dotenv}\n")
    for f in ("index.html", "cgi-bin/.htaccess"):
        os.chmod(htdocs / f, 0o644)
    directory = workspace.root / "apache-htaccess"
    server = start_httpd(directory, lambda port: htaccess_config_text(directory=directory, port=port,
                                                                      document_root=htdocs))
    yield from serve(workspace, server, **options)


def test_apache_with_htaccess_signs_in(htaccess_site, provider, browser):
    conf = (htaccess_site.apache.directory / "httpd.conf").read_text()
    assert "SetEnv" not in conf and "ScriptAlias" not in conf, "settings must reach the program via .htaccess only"
    htaccess_site.configure(provider)
    assert_signs_in(htaccess_site, provider, browser)


# ------------------------------------------------------------------------------------ Apache + suEXEC + userdir

@pytest.fixture(scope="module")
def suexec_build():
    return suexec.SuexecBuild.probe()


@pytest.fixture
def suexec_account(suexec_build, signin_bin):
    account = suexec.ensure_account(suexec_build)
    suexec.deploy(account, signin_bin)
    yield account
    suexec.undeploy(account)


@pytest.fixture
def suexec_site(workspace, suexec_build, suexec_account):
    server = suexec.start_suexec_apache(directory=workspace.root / "apache-suexec", document_root=workspace.www,
                                        build=suexec_build, account=suexec_account)
    yield from serve(workspace, server, script_path=suexec_account.script_path,
                     write_settings=lambda settings: suexec.write_dotenv(suexec_account, settings))


def test_apache_with_suexec_runs_the_program_as_the_account_and_signs_in(suexec_site, suexec_build, suexec_account,
                                                                          provider, browser):
    account = suexec_account
    conf = (suexec_site.apache.directory / "httpd.conf").read_text()
    assert "SetEnv" not in conf
    for path in (account.program, account.cgi_dir):
        info = path.stat()
        assert info.st_uid == account.uid and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    suexec_site.configure(provider)
    suexec_site.update(CACHE_DIR=None)   # the default, a per-user folder in /tmp
    assert stat.S_IMODE(account.dotenv.stat().st_mode) == 0o600 and account.dotenv.stat().st_uid == account.uid
    offset = suexec.log_size(suexec_build)

    first = suexec_site.get("/")

    runs = suexec.log_since(suexec_build, offset)
    assert f"uid: ({account.uid}/{account.name})" in runs and "cmd: signin.cgi" in runs, \
        f"suEXEC did not run signin.cgi as {account.name}:\n{runs}\n{suexec_site.log()[-2000:]}"
    assert first.status_code == 302 and flow.location(first) == suexec_site.url("/login"), (
        f"signin.cgi ran as {account.name} under suEXEC, whose clean environment has no SIGNIN_CONFIG (nor HOME), "
        f"but it did not pick up {account.dotenv}: with SIGNIN_CONFIG absent the program must read signin.env from "
        f"the home directory of its effective user in the password database. It answered {first.status_code}:\n"
        f"{first.text[:1500]}\nlog: {suexec_site.reasons()}")

    assert_signs_in(suexec_site, provider, browser)

    cache = Path(f"/tmp/signin-cgi-{account.uid}")
    assert cache.is_dir() and cache.stat().st_uid == account.uid, "the default cache folder belongs to the account"
