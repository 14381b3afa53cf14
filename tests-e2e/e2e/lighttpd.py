"""Debian's lighttpd on 127.0.0.1 from a throwaway config: mod_cgi via alias.url, settings by setenv.

lighttpd sets GATEWAY_INTERFACE, SCRIPT_NAME and PATH_INFO like Apache (PATH_INFO absent for /cgi-bin/signin.cgi,
found by walking the path to the file), and HTTPS=on only over TLS. A CGI program's stderr goes to
server.breakagelog (without one, to lighttpd's own stderr). cgi.x-sendfile stays off: the program never asks for it.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass
from pathlib import Path

from . import procs


@dataclass
class Lighttpd(procs.LoopbackServer):
    @property
    def error_log(self) -> Path:
        """server.breakagelog: where the program's stderr lines go."""
        return self.directory / "breakage.log"

    @property
    def server_log(self) -> Path:
        """server.errorlog: lighttpd's own messages."""
        return self.directory / "error.log"


def config_text(*, directory: Path, port: int, cgi_dir: Path, document_root: Path, dotenv: Path) -> str:
    return f"""# Written by tests-e2e/e2e/lighttpd.py: loopback only, runs CGI programs as www-data.
server.modules = ("mod_alias", "mod_redirect", "mod_setenv", "mod_cgi")
server.bind = "127.0.0.1"
server.port = {port}
server.username = "www-data"
server.groupname = "www-data"
server.document-root = "{document_root}"
server.pid-file = "{directory}/lighttpd.pid"
server.errorlog = "{directory}/error.log"
server.breakagelog = "{directory}/breakage.log"
server.upload-dirs = ("{directory}/upload")
url.redirect = ("^/$" => "/cgi-bin/signin.cgi/")
url.redirect-code = 302
alias.url = ("/cgi-bin/" => "{cgi_dir}/")
$HTTP["url"] =~ "^/cgi-bin/" {{
    cgi.assign = (".cgi" => "")
    setenv.add-environment = ("SIGNIN_CONFIG" => "{dotenv}")
}}
"""


def start_lighttpd(*, directory: Path, cgi_dir: Path, document_root: Path, dotenv: Path) -> Lighttpd:
    """Writes lighttpd.conf into `directory`, starts lighttpd -D in its own process group and waits for it."""
    directory.mkdir(mode=0o755, parents=True, exist_ok=True)
    www = pwd.getpwnam("www-data")
    upload = directory / "upload"
    upload.mkdir(mode=0o700, exist_ok=True)
    os.chown(upload, www.pw_uid, www.pw_gid)
    # lighttpd opens its logs after switching to server.username.
    for log in ("error.log", "breakage.log"):
        (directory / log).touch(mode=0o640)
        os.chown(directory / log, www.pw_uid, www.pw_gid)
    conf = directory / "lighttpd.conf"

    def launch(port: int) -> Lighttpd:
        conf.write_text(config_text(directory=directory, port=port, cgi_dir=cgi_dir, document_root=document_root,
                                    dotenv=dotenv))
        procs.check_config(["lighttpd", "-tt", "-f", str(conf)], "lighttpd -tt")
        proc = procs.start(["lighttpd", "-D", "-f", str(conf)], log=directory / "lighttpd.out")
        return procs.ready(Lighttpd(proc, port, directory), "lighttpd", directory / "lighttpd.out")

    return procs.on_free_port(launch, "lighttpd")
