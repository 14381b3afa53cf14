"""Apache + mod_userdir + suEXEC (Debian's apache2-suexec-pristine): signin.cgi in ~signintest/public_html/cgi-bin
runs as that account, its settings in ~signintest/signin.env (0600), and nothing in the server config names them.

suEXEC (https://httpd.apache.org/docs/2.4/suexec.html) runs a ~user CGI program only when the program and its folder
belong to the user and are writable by nobody else, the user's uid/gid are at least AP_UID_MIN/AP_GID_MIN, and the
folder lies under ~user/AP_USERDIR_SUFFIX. It starts the program with a cleaned environment (no SetEnv variable,
no HOME) and logs every run to AP_LOG_EXEC.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .apache import BASE_MODULES, Apache, head_text, start_httpd
from .harness import dotenv_text

SUEXEC = "/usr/lib/apache2/suexec"
ACCOUNT = "signintest"


@dataclass(frozen=True)
class SuexecBuild:
    """What `suexec -V` says it was compiled with."""
    uid_min: int
    gid_min: int
    userdir_suffix: str
    log: Path

    @classmethod
    def probe(cls) -> "SuexecBuild":
        out = subprocess.run([SUEXEC, "-V"], capture_output=True, text=True, check=True)
        text = out.stdout + out.stderr
        values = dict(re.findall(r'-D (\w+)="?([^"\n]*)"?', text))
        return cls(uid_min=int(values["AP_UID_MIN"]), gid_min=int(values["AP_GID_MIN"]),
                   userdir_suffix=values["AP_USERDIR_SUFFIX"], log=Path(values["AP_LOG_EXEC"]))


@dataclass(frozen=True)
class Account:
    """The test account suEXEC switches to, with the paths of its deployment."""
    name: str
    uid: int
    gid: int
    home: Path
    userdir_suffix: str

    @property
    def cgi_dir(self) -> Path:
        return self.home / self.userdir_suffix / "cgi-bin"

    @property
    def program(self) -> Path:
        return self.cgi_dir / "signin.cgi"

    @property
    def dotenv(self) -> Path:
        return self.home / "signin.env"

    @property
    def script_path(self) -> str:
        return f"/~{self.name}/cgi-bin/signin.cgi"


def ensure_account(build: SuexecBuild, name: str = ACCOUNT) -> Account:
    """Creates `name` (own group, home under /home, no login shell) unless it exists; idempotent."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--user-group", "--home-dir", f"/home/{name}",
                        "--shell", "/usr/sbin/nologin", "--comment", "signin.cgi suEXEC e2e test", name],
                       check=True, capture_output=True)
        entry = pwd.getpwnam(name)
    if entry.pw_uid < build.uid_min or entry.pw_gid < build.gid_min:
        raise RuntimeError(f"{name} has uid/gid {entry.pw_uid}/{entry.pw_gid}, below suEXEC's "
                           f"AP_UID_MIN/AP_GID_MIN {build.uid_min}/{build.gid_min}")
    home = Path(entry.pw_dir)
    if not home.is_dir():
        raise RuntimeError(f"{name}'s home {home} is missing")
    os.chmod(home, 0o711)   # Apache (www-data) walks into public_html; nobody else lists the home
    return Account(name, entry.pw_uid, entry.pw_gid, home, build.userdir_suffix)


def deploy(account: Account, program: Path) -> None:
    """The shared-hosting upload: ~/public_html/cgi-bin/signin.cgi (0755), folders 0755, all owned by the user."""
    public = account.home / account.userdir_suffix
    for folder in (public, account.cgi_dir):
        folder.mkdir(mode=0o755, exist_ok=True)
        os.chown(folder, account.uid, account.gid)
        os.chmod(folder, 0o755)
    tmp = account.cgi_dir / ".signin.cgi.tmp"
    shutil.copyfile(program, tmp)
    os.chown(tmp, account.uid, account.gid)
    os.chmod(tmp, 0o755)
    os.replace(tmp, account.program)


def write_dotenv(account: Account, settings: dict[str, str]) -> None:
    """~/signin.env, owned by the user, mode 0600: readable by the program only when it runs as the user."""
    tmp = account.home / ".signin.env.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(dotenv_text(settings))
    os.chown(tmp, account.uid, account.gid)
    os.chmod(tmp, 0o600)
    os.replace(tmp, account.dotenv)


def undeploy(account: Account) -> None:
    """Removes the program and the settings file (the account stays for the next run)."""
    account.dotenv.unlink(missing_ok=True)
    account.program.unlink(missing_ok=True)


def config_text(*, directory: Path, port: int, document_root: Path, build: SuexecBuild, account: Account) -> str:
    """UserDir + suEXEC; no SetEnv: under suEXEC it would not reach the program anyway."""
    modules = (*BASE_MODULES, "mime", "userdir", "suexec")
    return head_text(directory=directory, port=port, modules=modules) + f"""DocumentRoot "{document_root}"
<Directory "{document_root}">
    Require all granted
</Directory>
UserDir {build.userdir_suffix}
UserDir disabled
UserDir enabled {account.name}
<Directory "/home/*/{build.userdir_suffix}">
    Require all granted
</Directory>
<Directory "/home/*/{build.userdir_suffix}/cgi-bin">
    Options +ExecCGI
    AddHandler cgi-script .cgi
</Directory>
"""


def start_suexec_apache(*, directory: Path, document_root: Path, build: SuexecBuild, account: Account) -> Apache:
    return start_httpd(directory, lambda port: config_text(directory=directory, port=port,
                                                           document_root=document_root, build=build,
                                                           account=account))


def log_size(build: SuexecBuild) -> int:
    return build.log.stat().st_size if build.log.exists() else 0


def log_since(build: SuexecBuild, offset: int) -> str:
    if not build.log.exists():
        return ""
    with open(build.log, "rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")
