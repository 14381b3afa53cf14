"""`/files/` through Apache: a PROTECTED_DIR outside the document root, served only to a signed-in user, with
validators, ranges and HEAD (RFC 9110 §13, §14), and never anything outside the folder or not a regular file."""

from __future__ import annotations

import http.client
import os
import subprocess
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from . import browsing, flow, harness
from .flow import absolute, location, query_of

SCREENSHOT = harness.REPO / "artifacts" / "protected-file.png"
REPORT_TITLE = "Quarterly report"
REPORT = f"<!doctype html><html><head><title>{REPORT_TITLE}</title></head><body><h1>Q3</h1><p>Numbers.</p></body></html>\n"
DOCS_INDEX = "<!doctype html><title>Docs</title><p>the docs folder's index</p>\n"
BLOB_SIZE = 3 * 1024 * 1024
FIFO_TIMEOUT = 10   # seconds: a program that opened the FIFO would block forever; the request must end first
MTIME = 1_700_000_000   # an old, fixed modification time: Last-Modified is stable and the ETag strong


class Folder:
    """The protected folder and, beside it (outside), a canary whose bytes must never be served."""

    def __init__(self, root: Path):
        self.path = root / "protected"
        self.canary_text = "CANARY-" + os.urandom(12).hex()
        self.canary = root / "canary.txt"
        self.blob = os.urandom(BLOB_SIZE)

    def build(self) -> "Folder":
        p = self.path
        (p / "docs").mkdir(parents=True, mode=0o755)
        os.chmod(p, 0o755)
        os.chmod(p / "docs", 0o755)
        self.canary.write_text(self.canary_text + "\n")
        files = {p / "report.html": REPORT.encode(), p / "docs" / "index.html": DOCS_INDEX.encode(),
                 p / "blob.bin": self.blob, p / ".secret": (self.canary_text + " hidden\n").encode()}
        for path, data in files.items():
            path.write_bytes(data)
            os.chmod(path, 0o644)
            os.utime(path, (MTIME, MTIME))
        os.chmod(self.canary, 0o644)
        os.symlink(self.canary, p / "link-out.txt")          # a file link leading out of the folder
        os.symlink(self.canary.parent, p / "outside")        # a folder link leading out of the folder
        os.mkfifo(p / "pipe.html", 0o644)                    # nobody ever writes to it
        return self


@pytest.fixture(scope="module")
def folder(workspace) -> Folder:
    return Folder(workspace.root).build()


@pytest.fixture
def files_site(site, provider, folder):
    site.configure(provider, PROTECTED_DIR=str(folder.path))
    return site


def signed_in(site, provider):
    flow.sign_in(site, provider)
    return site


def cookie_header(jar: requests.cookies.RequestsCookieJar) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def raw_get(site, raw_path: str, cookies: str) -> tuple[int, bytes]:
    """GET with the request target sent exactly as written (requests/urllib3 would normalise dot-segments)."""
    conn = http.client.HTTPConnection("127.0.0.1", site.apache.port, timeout=FIFO_TIMEOUT)
    try:
        conn.putrequest("GET", raw_path, skip_accept_encoding=True)
        conn.putheader("Cookie", cookies)
        conn.endheaders()
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def run_cgi(site, method: str, path_info: str, cookies: str, extra: dict[str, str] | None = None) -> bytes:
    """The installed program run once as a CGI/1.1 script (RFC 3875 §4.1) as www-data; its raw output."""
    env = {"PATH": "/usr/bin:/bin", "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method,
           "SCRIPT_NAME": site.script_path, "PATH_INFO": path_info, "REQUEST_URI": site.script_path + path_info,
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": str(site.apache.port), "SERVER_PROTOCOL": "HTTP/1.1",
           "HTTP_HOST": f"127.0.0.1:{site.apache.port}", "HTTP_COOKIE": cookies, "REMOTE_ADDR": "127.0.0.1",
           "SIGNIN_CONFIG": str(site.ws.dotenv), **(extra or {})}
    done = subprocess.run([str(site.ws.cgi_dir / "signin.cgi")], env=env, capture_output=True, timeout=flow.TIMEOUT,
                          user="www-data", group="www-data", extra_groups=[], stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_signed_out_visitor_starts_at_a_file_signs_in_in_chromium_and_lands_on_it(files_site, provider, browser):
    site = files_site
    wait = WebDriverWait(browser, browsing.WAIT)
    browser.get(site.url("/files/report.html"))
    wait.until(EC.url_contains(site.url("/login?return_to=")))
    assert query_of(browser.current_url)["return_to"] == "/cgi-bin/signin.cgi/files/report.html"

    browser.find_element(By.LINK_TEXT, "Sign In").click()
    sub = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, 'input[name="sub"]')))
    assert browser.current_url.startswith(provider.issuer + "/oauth2/authorize")
    sub.send_keys(harness.TEST_USER)
    sub.submit()

    wait.until(EC.url_to_be(site.url("/files/report.html")))
    assert browser.title == REPORT_TITLE
    assert browser.find_element(By.TAG_NAME, "h1").text == "Q3"
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("path", ["/files/report.html", "/files/docs/", "/files/no-such-file.txt", "/files/.secret",
                                  "/files/pipe.html", "/files/a%20b%3Fc.txt"])
def test_signed_out_every_files_path_redirects_to_login_returning_there(files_site, path):
    answer = files_site.get(path)
    assert answer.status_code == 302, answer.text[:500]
    target = absolute(files_site.url("/"), location(answer))
    assert target.split("?")[0] == files_site.url("/login")
    # return_to is the URL path itself (still percent-encoded), so going there reaches the same file.
    assert query_of(target)["return_to"] == "/cgi-bin/signin.cgi" + path
    assert b"Numbers." not in answer.content and not flow.live_cookies(answer)


def test_a_file_is_served_with_validators_and_revalidates_to_304(files_site, provider):
    site = signed_in(files_site, provider)
    first = site.get("/files/report.html")
    assert first.status_code == 200, first.text[:800]
    assert first.content == REPORT.encode()
    assert first.headers["Content-Type"].startswith("text/html")
    assert first.headers["Accept-Ranges"] == "bytes"
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"'), f"a file modified long ago has a strong ETag: {etag}"
    assert modified == "Tue, 14 Nov 2023 22:13:20 GMT"

    by_tag = site.get("/files/report.html", headers={"If-None-Match": etag})
    assert by_tag.status_code == 304 and by_tag.content == b""
    assert by_tag.headers["ETag"] == etag
    by_date = site.get("/files/report.html", headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304 and by_date.content == b""
    # A different tag, or a date before the change, is not a match: the whole file again.
    assert site.get("/files/report.html", headers={"If-None-Match": '"other"'}).status_code == 200
    assert site.get("/files/report.html", headers={"If-Modified-Since": "Mon, 13 Nov 2023 00:00:00 GMT"}).status_code == 200


def test_a_large_file_whole_in_ranges_and_by_head(files_site, provider, folder):
    site = signed_in(files_site, provider)
    whole = site.get("/files/blob.bin")
    assert whole.status_code == 200
    assert len(whole.content) == BLOB_SIZE and whole.content == folder.blob

    part = site.get("/files/blob.bin", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206
    assert part.content == folder.blob[:100]
    assert part.headers["Content-Range"] == f"bytes 0-99/{BLOB_SIZE}"
    # Apache may pass the 206 on chunked (its content-length filter re-frames a CGI body that arrives in pieces);
    # the bytes and Content-Range are what matter through it, and the program's own header is checked directly.
    assert part.headers.get("Content-Length") in (None, "100")
    ranged = run_cgi(site, "GET", "/files/blob.bin", cookie_header(site.http.cookies), extra={"HTTP_RANGE": "bytes=0-99"})
    assert b"Content-Length: 100" in ranged.partition(b"\r\n\r\n")[0].split(b"\r\n")
    tail = site.get("/files/blob.bin", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == folder.blob[-10:]

    beyond = site.get("/files/blob.bin", headers={"Range": "bytes=9999999-"})
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{BLOB_SIZE}"
    assert folder.blob[:64] not in beyond.content

    head = site.http.head(site.url("/files/blob.bin"), allow_redirects=False, timeout=flow.TIMEOUT)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["ETag"] == whole.headers["ETag"]
    # Apache's content-length filter counts the (empty) body of a CGI's HEAD answer and drops the header, so the
    # program's own Content-Length is checked on its CGI output, run as www-data the way mod_cgid runs it.
    assert head.headers.get("Content-Length") in (None, str(BLOB_SIZE))
    out = run_cgi(site, "HEAD", "/files/blob.bin", cookie_header(site.http.cookies))
    head_text, _, body = out.partition(b"\r\n\r\n")
    assert f"Content-Length: {BLOB_SIZE}".encode() in head_text.split(b"\r\n"), head_text
    assert body == b"", "HEAD: headers only"


def test_a_folder_is_served_by_its_index_and_gets_its_trailing_slash(files_site, provider):
    site = signed_in(files_site, provider)
    index = site.get("/files/docs/")
    assert index.status_code == 200 and index.text == DOCS_INDEX
    assert index.headers["Content-Type"].startswith("text/html")
    bare = site.get("/files/docs")
    assert bare.status_code == 302
    assert absolute(site.url("/"), location(bare)) == site.url("/files/docs/")


@pytest.mark.parametrize("path", ["/files/.secret", "/files/link-out.txt", "/files/outside/canary.txt",
                                  "/files/pipe.html", "/files/no-such-file.txt", "/files/docs/missing.html",
                                  "/files/report.html/", "/files/outside/"])
def test_hidden_links_fifos_and_missing_files_are_404(files_site, provider, folder, path):
    site = signed_in(files_site, provider)
    answer = site.get(path, timeout=FIFO_TIMEOUT)
    assert answer.status_code == 404, f"{path}: {answer.status_code}"
    assert folder.canary_text.encode() not in answer.content
    assert "Not found" in answer.text
    assert any("reason=file_refused" in line for line in site.reasons()), site.reasons()


TRAVERSALS = [
    "/cgi-bin/signin.cgi/files/../../canary.txt",
    "/cgi-bin/signin.cgi/files/%2e%2e/canary.txt",
    "/cgi-bin/signin.cgi/files/%2E%2E/%2e%2e/canary.txt",
    "/cgi-bin/signin.cgi/files/..%2fcanary.txt",
    "/cgi-bin/signin.cgi/files/docs/..%2f..%2fcanary.txt",
    "/cgi-bin/signin.cgi/files/%2e%2e%2fcanary.txt",
    "/cgi-bin/signin.cgi/files/%252e%252e/canary.txt",
    "/cgi-bin/signin.cgi/files/..%252fcanary.txt",
    "/cgi-bin/signin.cgi/files/..%5ccanary.txt",
    "/cgi-bin/signin.cgi/files/%c0%ae%c0%ae/canary.txt",
    "/cgi-bin/signin.cgi/files/%ef%bc%8e%ef%bc%8e/canary.txt",
    "/cgi-bin/signin.cgi/files/.%2e/canary.txt",
    "/cgi-bin/signin.cgi/files//../canary.txt",
    "/cgi-bin/signin.cgi/files/outside/canary.txt",
    "/cgi-bin/signin.cgi/files/link-out.txt",
    "/cgi-bin/signin.cgi/files/docs/../../canary.txt",
]


def test_no_traversal_ever_serves_bytes_from_outside_the_folder(files_site, provider, folder):
    site = signed_in(files_site, provider)
    cookies = cookie_header(site.http.cookies)
    assert raw_get(site, "/cgi-bin/signin.cgi/files/report.html", cookies)[0] == 200, "the raw client is signed in"
    answers = {}
    for path in TRAVERSALS:
        status, body = raw_get(site, path, cookies)
        answers[path] = status
        assert folder.canary_text.encode() not in body, f"{path} served the canary"
        assert status in (400, 403, 404), f"{path}: {status}"
    # Whatever Apache let through reached the program and was refused there, with a logged reason.
    assert any("reason=file_refused" in line for line in site.reasons()), (answers, site.reasons())


def test_without_protected_dir_there_is_no_files_route(site, provider, folder):
    site.configure(provider)
    flow.sign_in(site, provider)
    answer = site.get("/files/report.html")
    assert answer.status_code == 404
    assert b"Numbers." not in answer.content
