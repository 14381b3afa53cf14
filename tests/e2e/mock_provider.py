"""The test OpenID provider: `oidc-provider-mock` 0.3.4 served under TLS on 127.0.0.1, every request logged.

Run as a subprocess (`python -m e2e.mock_provider ...`): it binds a free port, writes it to --port-file once
listening, appends one line per request (`METHOD PATH [grant_type=...]`) to --request-log, and appends every
token it issues to --token-log (so tests can assert none of them ever reaches Apache's error log).
"""

from __future__ import annotations

import io
import json
import urllib.parse
from datetime import timedelta
from pathlib import Path

import oidc_provider_mock
import werkzeug.serving

from e2e.procs import provider_arguments, publish_port


class RequestLogger:
    """WSGI middleware: logs each request line and captures tokens from token-endpoint answers."""

    def __init__(self, app, request_log: Path, token_log: Path):
        self.app, self.request_log, self.token_log = app, request_log, token_log

    def __call__(self, environ, start_response):
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        line = f"{method} {path}"
        if path == "/oauth2/token" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length > 0 else b""
            environ["wsgi.input"] = io.BytesIO(body)
            form = urllib.parse.parse_qs(body.decode("ascii", "replace"))
            line += f" grant_type={form.get('grant_type', ['-'])[0]}"
            if "client_id" in form:
                line += " client_auth=post"
            elif environ.get("HTTP_AUTHORIZATION", "").startswith("Basic "):
                line += " client_auth=basic"
            if "code_verifier" in form:
                line += " pkce=yes"
        with open(self.request_log, "a") as f:
            f.write(line + "\n")
        if path != "/oauth2/token":
            return self.app(environ, start_response)
        chunks = list(self.app(environ, start_response))
        try:
            answer = json.loads(b"".join(chunks))
            with open(self.token_log, "a") as f:
                for key in ("access_token", "refresh_token", "id_token"):
                    if isinstance(answer.get(key), str):
                        f.write(answer[key] + "\n")
        except ValueError:
            pass
        return chunks


def main() -> None:
    p = provider_arguments()
    p.add_argument("--access-token-max-age", type=int, default=3600)
    p.add_argument("--users", default="{}", help='JSON {"sub": {claims}}: predefined users')
    args = p.parse_args()

    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in json.loads(args.users).items()]
    app = oidc_provider_mock.app(require_nonce=True, issue_refresh_token=True,
                                 access_token_max_age=timedelta(seconds=args.access_token_max_age),
                                 user_claims=users)
    server = werkzeug.serving.make_server("127.0.0.1", 0, RequestLogger(app, args.request_log, args.token_log),
                                          threaded=True, ssl_context=(args.cert, args.key))
    publish_port(args.port_file, server.server_port)
    server.serve_forever()


if __name__ == "__main__":
    main()
