"""Opens a signin.cgi cookie with joserfc. Usage: jose_open.py REQUEST.json

REQUEST: {"secret": base64url, "jwe": compact JWE}. Prints {"header": {...}, "payload": base64url, "kid": derived kid}.
Exit status 1 with a one-line reason on stderr when the cookie does not open.
"""

import json
import sys

from cookie_jose import b64url, derive_key, kid_for, open_cookie, unb64url


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        request = json.load(f)
    secret = unb64url(request["secret"])
    try:
        header, payload = open_cookie(secret, request["jwe"])
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        print(f"jose_open: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    json.dump({"header": header, "payload": b64url(payload), "kid": kid_for(derive_key(secret))}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
