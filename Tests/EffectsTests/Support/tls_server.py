#!/usr/bin/env python3
"""A loopback-only HTTPS server for the CurlHTTPClient integration tests.

Usage: tls_server.py DIR
Writes a throwaway self-signed certificate for IP 127.0.0.1 to DIR/cert.pem (made with the
openssl CLI), the same certificate under its subject hash in DIR/capath/ (an OpenSSL CA directory, as
/etc/ssl/certs is), and an unrelated CA certificate to DIR/other-ca.pem; listens on 127.0.0.1 on a free port, prints "PORT <n>" and serves until killed.

Paths:
  /ok           200 "hello" with "X-Test: yes"
  /echo         200 JSON {method, user_agent, body, headers} of the request
  /big          2 MiB with Content-Length
  /big-stream   2 MiB without Content-Length (close-delimited)
  /slow         answers only after 10 s
  /redirect     302 to /ok
"""
import http.server
import json
import os
import signal
import ssl
import subprocess
import sys
import time

BIG = 2 * 1024 * 1024


def self_signed(cert, key, subject):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", subject,
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True)


def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    self_signed(cert, key, "/CN=signin test CA")
    self_signed(os.path.join(directory, "other-ca.pem"), os.path.join(directory, "other-key.pem"),
                "/CN=signin unrelated CA")
    capath = os.path.join(directory, "capath")
    os.mkdir(capath)
    subject_hash = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", cert],
                                  check=True, capture_output=True, text=True).stdout.strip()
    with open(cert, "rb") as source, open(os.path.join(capath, subject_hash + ".0"), "wb") as target:
        target.write(source.read())
    return cert, key


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=(), length=True):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass

    def answer(self):
        if self.path == "/ok":
            self.reply(200, b"hello", [("X-Test", "yes"), ("Content-Type", "text/plain")])
        elif self.path == "/echo":
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size).decode("utf-8", "replace")
            answer = {"method": self.command, "user_agent": self.headers.get("User-Agent"),
                      "body": body, "headers": {k.lower(): v for k, v in self.headers.items()}}
            self.reply(200, json.dumps(answer).encode(), [("Content-Type", "application/json")])
        elif self.path == "/big":
            self.reply(200, b"x" * BIG)
        elif self.path == "/big-stream":
            self.reply(200, b"x" * BIG, length=False)
        elif self.path == "/slow":
            time.sleep(10)
            self.reply(200, b"late")
        elif self.path == "/redirect":
            self.reply(302, b"moved", [("Location", "/ok")])
        else:
            self.reply(404, b"not found")

    do_GET = answer
    do_POST = answer
    do_PUT = answer


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def main():
    # A parent may have left signals blocked (Foundation's Process passes on its thread's mask).
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    cert, key = make_certificate(sys.argv[1])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = Server(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
