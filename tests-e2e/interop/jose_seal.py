"""Seals a signin.cgi cookie with joserfc. Usage: jose_seal.py REQUEST.json

REQUEST: {"secret": base64url, "payload": base64url, "purpose": str, "exp": int, "zip": bool}. Prints the compact JWE.
"""

import json
import sys

from cookie_jose import seal_cookie, unb64url


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        request = json.load(f)
    token = seal_cookie(unb64url(request["secret"]), unb64url(request["payload"]), request["purpose"], int(request["exp"]),
                        bool(request["zip"]))
    sys.stdout.write(token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
