"""The web app's security settings: secret key, cookies, request size and response headers."""

from datetime import timedelta

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


def init_app(app) -> None:
    app.after_request(add_headers)
