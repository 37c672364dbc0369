"""The web app's security settings: secret key, cookies, request size, response headers, and
what no request may carry (numbers in the URL beyond what a database stores, a body on HEAD)."""

from datetime import timedelta

from flask import request
from werkzeug.routing import IntegerConverter

from engine.models import MAX_ID

from .errors import page

DEMO_SECRET_KEY = "demo-sleutel-NIET-voor-productie"
PRODUCTION = "production"

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Personal links carry a token in the URL: never hand it to another site.
    "Referrer-Policy": "no-referrer",
}


# PostgreSQL cannot store NUL in text; the API refuses it in JSON (api/body.py), the forms too.
NUL_IN_INPUT = (
    "Het verzoek bevat een NUL-teken, dat hier niet kan worden opgeslagen. "
    "Haal het weg en probeer het opnieuw."
)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
HEAD_WITH_BODY = "Een HEAD-verzoek heeft geen inhoud. Gebruik GET om te lezen en POST om te versturen."


class InsecureSettings(RuntimeError):
    """Settings the app refuses to run with."""


def web_config(settings) -> dict:
    """Flask configuration for these settings; refuses the demo key in production."""
    production = settings.environment == PRODUCTION
    key = settings.secret_key or DEMO_SECRET_KEY
    if production and key == DEMO_SECRET_KEY:
        raise InsecureSettings(
            "KLACHT_ENV=production maar KLACHT_SECRET_KEY is niet gezet (of is de demosleutel). "
            "Zet een eigen geheime sleutel, bijvoorbeeld: "
            "python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    return {
        "SECRET_KEY": key,
        "SESSION_COOKIE_NAME": "klacht_sessie",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "MAX_CONTENT_LENGTH": 512 * 1024,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "SEND_FILE_MAX_AGE_DEFAULT": timedelta(hours=1),
    }


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class BoundedInt(IntegerConverter):
    """`<int:...>` in every route: an id from 0 up to MAX_ID, the range of its column (a 64-bit
    column would take `<int(max=...)>`). A larger number names nothing: 404."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def refuse_head_with_body():
    """HEAD reads like GET, so a view runs its POST branch for it (it is not GET) while the CSRF
    check, which guards only writing methods, lets it through: a HEAD with a form would write
    unchecked. A HEAD has no body (RFC 9110, 9.3.2), so one that brings one is refused."""
    if request.method != "HEAD" or not (request.content_length or request.headers.get("Transfer-Encoding")):
        return None
    if request.blueprint == "api":
        from .api.problems import problem  # imported late: the command line loads this module too

        return problem(400, "bad_request", HEAD_WITH_BODY)
    return page(400, HEAD_WITH_BODY)


def refuse_nul():
    """A NUL character in a web request's path, query string or form is refused before any view
    sees it: on PostgreSQL storing it fails (a 500), and no person types one. The API checks its
    own input with its own error shape."""
    if request.blueprint == "api":
        return None
    if any(isinstance(value, str) and "\x00" in value for value in (request.view_args or {}).values()):
        return page(404)
    sent = list(request.args.items(multi=True))
    if request.method == "POST" and request.mimetype in FORM_TYPES:
        sent += list(request.form.items(multi=True))
    if any("\x00" in key or "\x00" in value for key, value in sent):
        return page(400, NUL_IN_INPUT)
    return None


def init_app(app) -> None:
    """Call before the blueprints are registered: their routes are built with BoundedInt."""
    app.url_map.converters["int"] = BoundedInt
    app.before_request(refuse_head_with_body)
    app.before_request(refuse_nul)
    app.after_request(add_headers)
