"""A misbehaving OpenID provider for tests: TLS on 127.0.0.1, one misbehaviour ("case") at a time.

Run as a subprocess (`python -m e2e.adversarial_provider ...`, same arguments as e2e.mock_provider). Endpoints:
discovery, /jwks, /authorize (redirects straight back with code, state and iss), /token, /userinfo, /logout, and
POST /_control (JSON `{"case": name}` or `{"rotate": true}`; not logged). Every other request is logged as
`METHOD PATH` on arrival; the token endpoint adds a line `RESULT token <ok|why it refused>` once it has checked
the client's request (code known and unused, redirect_uri, PKCE S256 verifier, client authentication).
ID tokens are signed with RSA keys generated here with `cryptography`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import ssl
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from e2e.procs import provider_arguments, publish_port

CLIENT_ID = "e2e-client"
SLOW_TOKEN_SECONDS = 25   # longer than the program's 15 s total timeout

CASES = {
    "good", "bad_signature", "wrong_iss", "wrong_aud", "azp_wrong", "missing_sub", "missing_iat", "nonce_mismatch",
    "alg_none", "hs256_pubkey", "expired", "future_iat", "no_kid", "wrong_iss_param", "missing_iss_param",
    "metadata_issuer_mismatch", "error_html", "slow_token", "token_500",
    # Entra multi-tenant: ID tokens of one tenant for the metadata under /{any tenant}/v2.0, which names the
    # {tenantid} issuer template (as Entra's /common, /organizations and /consumers do):
    "entra_tenant", "entra_tid_mismatch", "entra_v1_token",
}
ENTRA_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OTHER_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"
MULTI_TENANT_DISCOVERY = "/v2.0/.well-known/openid-configuration"
ERROR_DESCRIPTION_HTML = '<script>alert("pwned")</script> & <b>bold</b>'


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Key:
    def __init__(self, kid: str):
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self.private.public_key().public_numbers()
        self.jwk = {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
                    "n": b64url(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                    "e": b64url(numbers.e.to_bytes(3, "big"))}
        self.public_pem = self.private.public_key().public_bytes(serialization.Encoding.PEM,
                                                                 serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message, padding.PKCS1v15(), hashes.SHA256())


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.case = "good"
        self.key, self.next_key, self.decoy, self.rogue = Key("k1"), Key("k2"), Key("decoy"), Key("k1")
        self.codes: dict[str, dict] = {}
        self.access_tokens: set[str] = set()

    def jwks(self) -> dict:
        keys = [self.key.jwk]
        if self.case == "no_kid":
            keys = [self.decoy.jwk, self.key.jwk]   # no kid in the token: the program must try the keys that fit
        return {"keys": keys}


class Handler(BaseHTTPRequestHandler):
    server_version = "adversary/1"
    state: State
    request_log: Path
    token_log: Path
    port: int

    # --- plumbing

    def log_message(self, fmt, *args):  # quiet: the request log is the record
        pass

    def note(self, line: str) -> None:
        with open(self.request_log, "a") as f:
            f.write(line + "\n")

    @property
    def issuer(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def send(self, status: int, body: bytes | str | dict, content_type: str = "application/json",
             headers: dict[str, str] | None = None) -> None:
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if 0 < length <= 65536 else b""

    # --- routes

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        self.note(f"GET {url.path}")
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/.well-known/openid-configuration":
            self.discovery()
        elif url.path.endswith(MULTI_TENANT_DISCOVERY) and url.path.count("/") == 4:
            self.entra_discovery()
        elif url.path == "/jwks":
            with self.state.lock:
                self.send(200, self.state.jwks())
        elif url.path == "/authorize":
            self.authorize(query)
        elif url.path == "/userinfo":
            self.userinfo()
        elif url.path == "/logout":
            self.send(200, "<p>signed out</p>", "text/html")
        else:
            self.send(404, {"error": "not_found"})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_control":
            order = json.loads(self.body() or b"{}")
            with self.state.lock:
                if "case" in order:
                    if order["case"] not in CASES:
                        return self.send(400, {"error": f"unknown case {order['case']}"})
                    self.state.case = order["case"]
                if order.get("rotate"):
                    self.state.key, self.state.next_key = self.state.next_key, self.state.key
            return self.send(200, {"case": self.state.case, "kid": self.state.key.kid})
        self.note(f"POST {url.path}")
        if url.path == "/token":
            self.token()
        elif url.path == "/userinfo":
            self.userinfo()
        else:
            self.send(404, {"error": "not_found"})

    def discovery(self):
        issuer = self.issuer + ("/elsewhere" if self.state.case == "metadata_issuer_mismatch" else "")
        self.send(200, {
            "issuer": issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": True,
        })

    def entra_discovery(self):
        """Entra's multi-tenant metadata: the "{tenantid}" issuer template, no RFC 9207 iss parameter."""
        self.send(200, {
            "issuer": f"{self.issuer}/{{tenantid}}/v2.0",
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "tenant_region_scope": None, "cloud_instance_name": "microsoftonline.com",
        })

    def authorize(self, query: dict[str, str]):
        redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
        if not redirect_uri.startswith("http"):
            return self.send(400, "<p>bad redirect_uri</p>", "text/html")
        case = self.state.case
        params = {"state": state}
        if case == "error_html":
            params.update(error="access_denied", error_description=ERROR_DESCRIPTION_HTML)
        else:
            code = secrets.token_urlsafe(24)
            with self.state.lock:
                self.state.codes[code] = {"nonce": query.get("nonce"), "redirect_uri": redirect_uri,
                                          "challenge": query.get("code_challenge"), "used": False}
            params["code"] = code
        if case == "wrong_iss_param":
            params["iss"] = "https://attacker.example"
        elif case != "missing_iss_param" and not case.startswith("entra_"):
            params["iss"] = self.issuer
        sep = "&" if "?" in redirect_uri else "?"
        self.send(302, "", "text/plain", {"Location": redirect_uri + sep + urllib.parse.urlencode(params)})

    def token(self):
        case = self.state.case
        raw = self.body()
        form = dict(urllib.parse.parse_qsl(raw.decode("ascii", "replace")))
        if case == "slow_token":
            self.note("RESULT token hanging")
            time.sleep(SLOW_TOKEN_SECONDS)
            return self.send(503, {"error": "temporarily_unavailable"})
        if case == "token_500":
            self.note("RESULT token 500")
            return self.send(500, "<h1>Internal Server Error</h1>", "text/html")
        why = self.check_token_request(form)
        self.note(f"RESULT token {why}")
        if why != "ok":
            return self.send(400, {"error": "invalid_grant", "error_description": why})
        grant = self.state.codes[form["code"]]
        access_token, refresh_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        id_token = self.id_token(grant["nonce"])
        with self.state.lock:
            self.state.access_tokens.add(access_token)
        with open(self.token_log, "a") as f:
            f.write(f"{access_token}\n{refresh_token}\n{id_token}\n{form['code']}\n")
        self.send(200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600,
                        "refresh_token": refresh_token, "id_token": id_token,
                        "scope": "openid profile offline_access email"})

    def check_token_request(self, form: dict[str, str]) -> str:
        if form.get("grant_type") != "authorization_code":
            return "grant_type"
        client_id = form.get("client_id")
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                user = base64.b64decode(auth[6:]).decode().split(":", 1)[0]
                client_id = urllib.parse.unquote_plus(user)
            except (ValueError, UnicodeDecodeError):
                return "client_auth"
        elif "client_secret" not in form:
            return "client_auth"
        if client_id != CLIENT_ID:
            return "client_id"
        with self.state.lock:
            grant = self.state.codes.get(form.get("code", ""))
            if grant is None:
                return "unknown_code"
            if grant["used"]:
                return "code_reused"
            grant["used"] = True
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return "redirect_uri"
        verifier = form.get("code_verifier", "")
        if not verifier or b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return "pkce"
        return "ok"

    def id_token(self, nonce: str | None) -> str:
        case, now = self.state.case, int(time.time())
        key = self.state.key
        claims: dict = {"iss": self.issuer, "sub": "adversary-user-1", "aud": CLIENT_ID, "iat": now,
                        "exp": now + 3600, "nonce": nonce, "name": "Eve Adversary", "email": "eve@example.org"}
        header: dict = {"alg": "RS256", "typ": "JWT", "kid": key.kid}
        if case == "wrong_iss":
            claims["iss"] = "https://attacker.example"
        elif case == "wrong_aud":
            claims["aud"] = "some-other-client"
        elif case == "azp_wrong":
            claims["aud"], claims["azp"] = [CLIENT_ID, "other-app"], "other-app"
        elif case == "missing_sub":
            del claims["sub"]
        elif case == "missing_iat":
            del claims["iat"]
        elif case == "nonce_mismatch":
            claims["nonce"] = secrets.token_urlsafe(16)
        elif case == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif case == "future_iat":
            claims["iat"], claims["exp"] = now + 3600, now + 7200
        elif case == "no_kid":
            del header["kid"]
        elif case.startswith("entra_"):
            # An Entra v2.0 ID token of one tenant (its iss names the tid), or the two ways of getting it wrong.
            iss_tenant = OTHER_TENANT if case == "entra_tid_mismatch" else ENTRA_TENANT
            claims.update(iss=f"{self.issuer}/{iss_tenant}/v2.0", tid=ENTRA_TENANT, ver="2.0",
                          oid="00aa00aa-bb11-cc22-dd33-44ee44ee44ee", preferred_username="eve@example.org")
            if case == "entra_v1_token":
                claims.update(iss=f"https://sts.windows.net/{ENTRA_TENANT}/", ver="1.0")
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
        if case == "alg_none":
            header = {"alg": "none", "typ": "JWT", "kid": key.kid}
            return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}."
        if case == "hs256_pubkey":
            header = {"alg": "HS256", "typ": "JWT", "kid": key.kid}
            signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
            mac = hmac.new(key.public_pem, signing_input.encode(), hashlib.sha256).digest()
            return f"{signing_input}.{b64url(mac)}"
        signer = self.state.rogue if case == "bad_signature" else key
        return f"{signing_input}.{b64url(signer.sign(signing_input.encode()))}"

    def userinfo(self):
        auth = self.headers.get("Authorization", "")
        with self.state.lock:
            known = auth.startswith("Bearer ") and auth[7:] in self.state.access_tokens
        if not known:
            return self.send(401, {"error": "invalid_token"}, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        self.send(200, {"sub": "adversary-user-1", "name": "Eve Adversary"})


def main() -> None:
    p = provider_arguments()
    args = p.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # The handshake happens in each handler thread, so a stuck client cannot block the accept loop.
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    Handler.state, Handler.request_log, Handler.token_log = State(), args.request_log, args.token_log
    Handler.port = server.server_address[1]
    publish_port(args.port_file, Handler.port)
    server.serve_forever()


if __name__ == "__main__":
    main()
