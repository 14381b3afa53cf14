"""Debian's apache2 on 127.0.0.1 from a throwaway config: mod_cgid serving a cgi-bin folder, settings by SetEnv."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import procs

MODULES = "/usr/lib/apache2/modules"


@dataclass
class Apache:
    proc: subprocess.Popen
    port: int
    directory: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def error_log(self) -> Path:
        return self.directory / "error.log"

    @property
    def pid_file_pid(self) -> int | None:
        try:
            return int((self.directory / "httpd.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        procs.stop(self.proc)


def config_text(*, directory: Path, port: int, cgi_dir: Path, document_root: Path, dotenv: Path) -> str:
    return f"""# Written by tests/e2e/apache.py: loopback only, runs CGI programs as www-data.
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
LoadModule mpm_event_module {MODULES}/mod_mpm_event.so
LoadModule authz_core_module {MODULES}/mod_authz_core.so
LoadModule alias_module {MODULES}/mod_alias.so
LoadModule env_module {MODULES}/mod_env.so
LoadModule cgid_module {MODULES}/mod_cgid.so
ScriptSock "{directory}/cgid.sock"
StartServers 1
ServerLimit 2
ThreadsPerChild 25
MaxRequestWorkers 50
Timeout 60
<Directory />
    AllowOverride None
    Require all denied
</Directory>
DocumentRoot "{document_root}"
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


def start_apache(*, directory: Path, cgi_dir: Path, document_root: Path, dotenv: Path) -> Apache:
    """Writes httpd.conf into `directory`, starts apache2 in the foreground in its own process group, waits for it."""
    directory.mkdir(mode=0o755, parents=True, exist_ok=True)
    last_error: Exception | None = None
    for _ in range(3):  # a free port can be taken between probing and binding: retry with another
        port = procs.free_port()
        conf = directory / "httpd.conf"
        conf.write_text(config_text(directory=directory, port=port, cgi_dir=cgi_dir,
                                    document_root=document_root, dotenv=dotenv))
        check = subprocess.run(["apache2", "-f", str(conf), "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"apache2 -t failed:\n{check.stdout}{check.stderr}")
        log = directory / "apache2.out"
        proc = procs.start(["apache2", "-f", str(conf), "-k", "start", "-DFOREGROUND"], log=log)
        apache = Apache(proc, port, directory)
        try:
            procs.wait_for(lambda: procs.url_answers(f"{apache.base_url}/index.html"), f"apache2 on port {port}",
                           proc=proc, log=apache.error_log)
            return apache
        except RuntimeError as error:
            apache.stop()
            last_error = error
    raise RuntimeError(f"apache2 did not start: {last_error}")
