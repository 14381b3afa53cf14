"""The test OpenID provider: `oidc-provider-mock` 0.3.4 served under TLS on 127.0.0.1, every request logged.

Run as a subprocess (`python -m e2e.mock_provider ...`): it binds a free port, writes it to --port-file once
listening, appends one line per request (`METHOD PATH [grant_type=...]`) to --request-log, and appends every
token it issues to --token-log (so tests can assert none of them ever reaches Apache's error log).

With `--require-client-assertion CERT.pem --client-id ID` the token endpoint authenticates the client only by a
signed assertion (`private_key_jwt`, RFC 7523), checked by e2e.assertion_verifier against that certificate:
anything else (a secret, a bad or replayed assertion) gets `401 invalid_client`, logged as `client_auth=rejected`.
"""

from __future__ import annotations

import base64
import io
import json
import urllib.parse
from datetime import timedelta
from pathlib import Path

import oidc_provider_mock
import werkzeug.serving

from e2e.assertion_verifier import AssertionRejected, AssertionVerifier
from e2e.procs import provider_arguments, publish_port


class RequestLogger:
    """WSGI middleware: logs each request line and captures tokens from token-endpoint answers."""

    def __init__(self, app, request_log: Path, token_log: Path, verifier: AssertionVerifier | None = None):
        self.app, self.request_log, self.token_log, self.verifier = app, request_log, token_log, verifier

    def __call__(self, environ, start_response):
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        line = f"{method} {path}"
        if path == "/oauth2/token" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length > 0 else b""
            environ["wsgi.input"] = io.BytesIO(body)
            form = urllib.parse.parse_qs(body.decode("ascii", "replace"), keep_blank_values=True)
            line += f" grant_type={form.get('grant_type', ['-'])[0]}"
            if self.verifier is not None:
                try:
                    self.verifier.verify(form, token_endpoint=f"https://{environ.get('HTTP_HOST', '')}{path}",
                                         authorization=environ.get("HTTP_AUTHORIZATION"))
                except AssertionRejected as e:
                    return self.refuse(line + " client_auth=rejected", str(e), start_response)
                line += " client_auth=assertion"
                # The assertion was the authentication. The mock library's refresh grant takes only client_secret_basic
                # (not "none"), and any secret for an unregistered client: it is handed a stand-in Basic header.
                rest = [(k, v) for k, values in form.items() if not k.startswith("client_assertion") for v in values]
                body = urllib.parse.urlencode(rest).encode("ascii")
                environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
                stand_in = base64.b64encode(f"{urllib.parse.quote(self.verifier.client_id)}:by-assertion".encode())
                environ["HTTP_AUTHORIZATION"] = "Basic " + stand_in.decode("ascii")
            elif "client_id" in form:
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

    def refuse(self, line: str, reason: str, start_response):
        """`invalid_client` (RFC 6749 §5.2) for a failed client authentication."""
        with open(self.request_log, "a") as f:
            f.write(line + "\n")
        body = json.dumps({"error": "invalid_client", "error_description": reason}).encode()
        start_response("401 Unauthorized", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


def main() -> None:
    p = provider_arguments()
    p.add_argument("--access-token-max-age", type=int, default=3600)
    p.add_argument("--users", default="{}", help='JSON {"sub": {claims}}: predefined users')
    p.add_argument("--require-client-assertion", type=Path, metavar="CERT_PEM",
                   help="authenticate clients only by private_key_jwt assertions signed for this certificate")
    p.add_argument("--client-id", help="the client id those assertions must name (with --require-client-assertion)")
    args = p.parse_args()
    verifier = None
    if args.require_client_assertion:
        if not args.client_id:
            p.error("--require-client-assertion needs --client-id")
        verifier = AssertionVerifier(args.client_id, args.require_client_assertion.read_bytes())

    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in json.loads(args.users).items()]
    app = oidc_provider_mock.app(require_nonce=True, issue_refresh_token=True,
                                 access_token_max_age=timedelta(seconds=args.access_token_max_age),
                                 user_claims=users)
    server = werkzeug.serving.make_server("127.0.0.1", 0, RequestLogger(app, args.request_log, args.token_log, verifier),
                                          threaded=True, ssl_context=(args.cert, args.key))
    publish_port(args.port_file, server.server_port)
    server.serve_forever()


if __name__ == "__main__":
    main()
