"""Debian's apache2 on 127.0.0.1 from a throwaway config: mod_cgid serving a cgi-bin folder, settings by SetEnv."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import procs

MODULES = "/usr/lib/apache2/modules"


@dataclass
class Apache(procs.LoopbackServer):
    @property
    def error_log(self) -> Path:
        return self.directory / "error.log"

    @property
    def pid_file_pid(self) -> int | None:
        try:
            return int((self.directory / "httpd.pid").read_text().strip())
        except (OSError, ValueError):
            return None


BASE_MODULES = ("mpm_event", "authz_core", "alias", "env", "cgid")


def head_text(*, directory: Path, port: int, modules: tuple[str, ...] = BASE_MODULES) -> str:
    """What every test Apache shares: loopback listener, logs and runtime files in `directory`, www-data."""
    loads = "".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so\n" for m in modules)
    if "mime" in modules:   # AddHandler's module; its types file otherwise resolves under ServerRoot
        loads += "TypesConfig /etc/mime.types\n"
    return f"""# Written by tests-e2e/e2e/apache.py: loopback only, runs CGI programs as www-data (or suEXEC's target user).
ServerRoot "{directory}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{directory}/httpd.pid"
DefaultRuntimeDir "{directory}"
ErrorLog "{directory}/error.log"
LogLevel warn
LogFormat "%h \\"%r\\" %>s %b" e2e
CustomLog "{directory}/access.log" e2e
User www-data
Group www-data
{loads}ScriptSock "{directory}/cgid.sock"
StartServers 1
ServerLimit 2
ThreadsPerChild 25
MaxRequestWorkers 50
Timeout 60
<Directory />
    AllowOverride None
    Require all denied
</Directory>
"""


def config_text(*, directory: Path, port: int, cgi_dir: Path, document_root: Path, dotenv: Path) -> str:
    """The ScriptAlias layout: settings by SetEnv in the server config."""
    return head_text(directory=directory, port=port) + f"""DocumentRoot "{document_root}"
<Directory "{document_root}">
    Require all granted
</Directory>
RedirectMatch 302 ^/$ /cgi-bin/signin.cgi/
ScriptAlias /cgi-bin/ "{cgi_dir}/"
<Directory "{cgi_dir}">
    Options +ExecCGI
    Require all granted
</Directory>
SetEnv SIGNIN_CONFIG "{dotenv}"
"""


def htaccess_config_text(*, directory: Path, port: int, document_root: Path) -> str:
    """The shared-hosting layout: a cgi-bin folder inside the document root whose .htaccess maps *.cgi to
    cgi-script and names the settings file; the server config itself holds no SetEnv."""
    modules = (*BASE_MODULES, "mime")
    return head_text(directory=directory, port=port, modules=modules) + f"""DocumentRoot "{document_root}"
<Directory "{document_root}">
    Require all granted
</Directory>
<Directory "{document_root}/cgi-bin">
    Options +ExecCGI
    AllowOverride FileInfo
</Directory>
"""


def start_httpd(directory: Path, render: Callable[[int], str]) -> Apache:
    """Writes `render(port)` as httpd.conf into `directory`, starts apache2 in the foreground in its own
    process group and waits until /index.html answers."""
    directory.mkdir(mode=0o755, parents=True, exist_ok=True)
    conf = directory / "httpd.conf"

    def launch(port: int) -> Apache:
        conf.write_text(render(port))
        procs.check_config(["apache2", "-f", str(conf), "-t"], "apache2 -t")
        proc = procs.start(["apache2", "-f", str(conf), "-k", "start", "-DFOREGROUND"], log=directory / "apache2.out")
        return procs.ready(Apache(proc, port, directory), "apache2", directory / "error.log")

    return procs.on_free_port(launch, "apache2")


def start_apache(*, directory: Path, cgi_dir: Path, document_root: Path, dotenv: Path) -> Apache:
    """Apache with the ScriptAlias layout (config_text)."""
    return start_httpd(directory, lambda port: config_text(directory=directory, port=port, cgi_dir=cgi_dir,
                                                           document_root=document_root, dotenv=dotenv))
