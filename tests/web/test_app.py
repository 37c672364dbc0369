"""The app as a whole: production safety, headers, calm error pages."""

import pytest

from webforms import create_app
from webforms.security import DEMO_SECRET_KEY, InsecureSettings
from webforms.settings import Settings


def test_production_refuses_the_demo_secret(settings, engine):
    for key in (None, DEMO_SECRET_KEY):
        with pytest.raises(InsecureSettings, match="KLACHT_SECRET_KEY"):
            create_app(
                Settings(database_url=settings.database_url, environment="production", secret_key=key), engine
            )


def test_production_sets_secure_cookies(settings, engine):
    production = Settings(database_url=settings.database_url, environment="production", secret_key="x" * 40)
    app = create_app(production, engine)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "x" * 40


def test_settings_from_the_environment():
    settings = Settings.from_env({"KLACHT_SECRET_KEY": "geheim", "KLACHT_ENV": "production"})
    assert settings.secret_key == "geheim" and settings.environment == "production"
    assert Settings.from_env({}).secret_key is None


def test_security_headers(client):
    response = client.get("/inloggen")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_an_unexpected_error_is_a_calm_page(app, client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("geheime details")

    monkeypatch.setattr(app.extensions["klacht"], "check_password", broken)
    response = client.post("/inloggen", {"login": "carla", "password": "x"})
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Er ging iets mis" in text and "geheime details" not in text and "Traceback" not in text


def test_large_requests_are_refused(client):
    response = client.post("/klacht-indienen", {"description": "x" * 600_000})
    assert response.status_code == 413
    assert "te veel gegevens" in response.get_data(as_text=True)


def test_static_assets_are_served_by_the_app(client):
    css = client.get("/static/klacht.css")
    css.close()
    assert css.status_code == 200
    page = client.get("/inloggen").get_data(as_text=True)
    assert "http://" not in page.replace("http://localhost", "") and "https://" not in page
