"""Debian's nginx + fcgiwrap on 127.0.0.1 from a throwaway config: signin.cgi over FastCGI, settings by fastcgi_param.

fcgiwrap runs as www-data on a unix socket in the temp folder; nginx's workers (www-data too) connect to it.
What differs from Apache's CGI (see docs/servers.md):
- nginx sends only the parameters the config names: GATEWAY_INTERFACE (the program's CGI switch), SCRIPT_NAME,
  PATH_INFO, SERVER_NAME/SERVER_PORT, HTTPS... must each be listed; HTTP_* request headers are sent by default.
- fcgiwrap needs SCRIPT_FILENAME (the program to run) and passes its own environment on to the program, so it is
  started with an empty one here.
- PATH_INFO is sent empty (not absent) for /cgi-bin/signin.cgi; the program treats both as "/".
- Debian's /etc/nginx/fastcgi_params sets HTTP_HOST to $host, which drops the port: not included here.
- With `fcgiwrap -f` the program's stderr reaches nginx's error_log ("FastCGI sent in stderr: ...").
"""

from __future__ import annotations

import os
import pwd
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import procs

SCRIPT_PATH = "/cgi-bin/signin.cgi"


@dataclass
class Nginx(procs.LoopbackServer):
    fcgiwrap: subprocess.Popen

    @property
    def error_log(self) -> Path:
        """nginx's error_log: the program's stderr lines arrive here through fcgiwrap -f."""
        return self.directory / "error.log"

    def stop(self) -> None:
        procs.stop(self.proc)
        procs.stop(self.fcgiwrap)


def config_text(*, directory: Path, port: int, socket: Path, program: Path, document_root: Path,
                dotenv: Path) -> str:
    return f"""# Written by tests-e2e/e2e/nginx.py: loopback only; signin.cgi through fcgiwrap (www-data).
daemon off;
master_process on;
worker_processes 1;
user www-data www-data;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {directory}/access.log;
    client_body_temp_path {directory}/tmp/body;
    fastcgi_temp_path {directory}/tmp/fastcgi;
    proxy_temp_path {directory}/tmp/proxy;
    uwsgi_temp_path {directory}/tmp/uwsgi;
    scgi_temp_path {directory}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        root {document_root};
        location = / {{ return 302 /cgi-bin/signin.cgi/; }}
        location ~ ^/cgi-bin/signin\\.cgi(/|$) {{
            fastcgi_split_path_info ^(/cgi-bin/signin\\.cgi)(/.*)?$;
            fastcgi_param GATEWAY_INTERFACE CGI/1.1;
            fastcgi_param SCRIPT_FILENAME   {program};
            fastcgi_param SCRIPT_NAME       $fastcgi_script_name;
            fastcgi_param PATH_INFO         $fastcgi_path_info;
            fastcgi_param QUERY_STRING      $query_string;
            fastcgi_param REQUEST_METHOD    $request_method;
            fastcgi_param CONTENT_TYPE      $content_type;
            fastcgi_param CONTENT_LENGTH    $content_length;
            fastcgi_param REQUEST_URI       $request_uri;
            fastcgi_param SERVER_PROTOCOL   $server_protocol;
            fastcgi_param SERVER_NAME       $server_name;
            fastcgi_param SERVER_PORT       $server_port;
            fastcgi_param REMOTE_ADDR       $remote_addr;
            fastcgi_param HTTPS             $https if_not_empty;
            fastcgi_param SIGNIN_CONFIG     {dotenv};
            fastcgi_pass unix:{socket};
        }}
    }}
}}
"""


def start_nginx(*, directory: Path, program: Path, document_root: Path, dotenv: Path) -> Nginx:
    """fcgiwrap on a unix socket, then nginx in the foreground; both in their own process groups."""
    directory.mkdir(mode=0o755, parents=True, exist_ok=True)
    (directory / "tmp").mkdir(mode=0o755, exist_ok=True)
    # fcgiwrap (www-data) creates its socket: it gets a folder of its own.
    sockets = directory / "fcgiwrap"
    sockets.mkdir(mode=0o755, exist_ok=True)
    www = pwd.getpwnam("www-data")
    os.chown(sockets, www.pw_uid, www.pw_gid)
    socket = sockets / "fcgiwrap.sock"
    socket.unlink(missing_ok=True)
    # -f: the program's stderr goes to nginx (error_log); -p: fcgiwrap runs this one program and nothing else.
    fcgiwrap = procs.start(["/usr/sbin/fcgiwrap", "-f", "-s", f"unix:{socket}", "-p", str(program)],
                           log=directory / "fcgiwrap.out", env={"PATH": "/usr/bin:/bin"}, user="www-data")
    try:
        procs.wait_for(socket.exists, "fcgiwrap socket", proc=fcgiwrap, log=directory / "fcgiwrap.out")
        conf = directory / "nginx.conf"

        def launch(port: int) -> Nginx:
            conf.write_text(config_text(directory=directory, port=port, socket=socket, program=program,
                                        document_root=document_root, dotenv=dotenv))
            argv = ["nginx", "-c", str(conf), "-p", str(directory), "-e", str(directory / "error.log")]
            procs.check_config([*argv, "-t"], "nginx -t")
            proc = procs.start(argv, log=directory / "nginx.out")
            return procs.ready(Nginx(proc, port, directory, fcgiwrap), "nginx", directory / "error.log")

        return procs.on_free_port(launch, "nginx")
    except BaseException:
        procs.stop(fcgiwrap)
        raise
