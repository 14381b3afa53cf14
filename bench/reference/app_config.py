"""Settings of the tutorial's app, read from the environment as its .env would set them."""
import os

# Application (client) ID and client secret of the app registration.
CLIENT_ID = os.getenv("CLIENT_ID")
CLIENT_SECRET = os.getenv("CLIENT_SECRET")

# Microsoft Entra authority, or any OpenID provider (the benchmark uses the local test provider).
AUTHORITY = os.getenv("AUTHORITY") or "https://login.microsoftonline.com/common"
OIDC_AUTHORITY = os.getenv("OIDC_AUTHORITY")

# Used for forming an absolute URL to your redirect URI; must not be "/".
REDIRECT_PATH = "/getAToken"

# The downstream API and the scopes it needs.
ENDPOINT = os.getenv("ENDPOINT") or "https://graph.microsoft.com/v1.0/me"
SCOPE = (os.getenv("SCOPE") or "User.Read").split()

# Flask-Session keeps sessions in files (in the current folder's flask_session/).
SESSION_TYPE = "filesystem"
