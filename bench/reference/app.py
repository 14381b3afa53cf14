"""The tutorial's Flask app ("Add sign in to a Python Flask web app" and "Call a protected API"), as written there:
identity.web.Auth over a Flask-Session session; routes /, /login, /getAToken, /logout, /call_downstream_api.
Only the Auth constructor also accepts OIDC_AUTHORITY, so the benchmark can point it at the local test provider.
"""
import identity.web
import requests
from flask import Flask, redirect, render_template, request, session, url_for
from flask_session import Session

import app_config

__version__ = "0.8.0"

app = Flask(__name__)
app.config.from_object(app_config)
assert app.config["REDIRECT_PATH"] != "/", "REDIRECT_PATH must not be /"
Session(app)

# url_for(..., _external=True) gives http on localhost and https behind a TLS-terminating proxy.
from werkzeug.middleware.proxy_fix import ProxyFix  # noqa: E402

app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)

app.jinja_env.globals.update(Auth=identity.web.Auth)
auth = identity.web.Auth(
    session=session,
    authority=None if app.config["OIDC_AUTHORITY"] else app.config["AUTHORITY"],
    oidc_authority=app.config["OIDC_AUTHORITY"],
    client_id=app.config["CLIENT_ID"],
    client_credential=app.config["CLIENT_SECRET"],
)


@app.route("/login")
def login():
    return render_template("login.html", version=__version__, **auth.log_in(
        scopes=app_config.SCOPE,  # have the user consent to these scopes during sign-in
        redirect_uri=url_for("auth_response", _external=True),
        prompt="select_account",
    ))


@app.route(app_config.REDIRECT_PATH)
def auth_response():
    result = auth.complete_log_in(request.args)
    if "error" in result:
        return render_template("auth_error.html", result=result)
    return redirect(url_for("index"))


@app.route("/logout")
def logout():
    return redirect(auth.log_out(url_for("index", _external=True)))


@app.route("/")
def index():
    if not (app.config["CLIENT_ID"] and app.config["CLIENT_SECRET"]):
        return render_template("config_error.html")
    if not auth.get_user():
        return redirect(url_for("login"))
    return render_template("index.html", user=auth.get_user(), version=__version__)


@app.route("/call_downstream_api")
def call_downstream_api():
    token = auth.get_token_for_user(app_config.SCOPE)
    if "error" in token:
        return redirect(url_for("login"))
    api_result = requests.get(
        app_config.ENDPOINT,
        headers={"Authorization": "Bearer " + token["access_token"]},
        timeout=30,
    ).json()
    return render_template("display.html", result=api_result)
