"""Security headers on every kind of answer (HTML pages, JSON, errors 400/403/404/405/413, redirects,
downloads, static files) and the cookie flags: HttpOnly and SameSite always, Secure in production."""

import io
import re
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webforms import create_app
from webforms.settings import Settings
from webforms.throttle import Throttle

from .conftest import API, MONDAY_MORNING, REGISTRATION, bearer, multipart
from .payloads import ATTACKS, fast, hostile_text


def has_security_headers(response) -> None:
    """CSP that forbids framing and other origins, no sniffing, no framing, no referrer."""
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives.get("default-src") == ["'self'"], policy
    assert directives.get("frame-ancestors") == ["'none'"], policy
    assert directives.get("base-uri") == ["'none'"], policy
    assert directives.get("form-action") == ["'self'"], policy
    assert not any(
        "'unsafe-inline'" in v or "'unsafe-eval'" in v for k, v in directives.items() if "script" in k
    )
    assert headers.get("X-Frame-Options") == "DENY"
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "no-referrer"


@pytest.fixture
def kinds(open_app, engine, staff, anonymous, token):
    """Every kind of answer the app gives, by name: (the status it has, how to get it)."""
    complaint = engine.start("klachtafhandeling", "carla", dict(REGISTRATION))
    reference = complaint.reference
    carla, anna, pieter, visitor = staff("carla"), staff("anna"), staff("pieter"), anonymous()
    document = (io.BytesIO(b"Een brief."), "brief.txt")
    carla.http.post(
        f"/klachten/{reference}/documenten", **multipart({"csrf_token": carla.token(), "document": document})
    )
    document_id = engine.documents(reference, "carla")[0].id
    api = open_app.test_client()
    return {
        "html page": (200, lambda: carla.get(f"/klachten/{reference}")),
        "login page": (200, lambda: visitor.get("/inloggen")),
        "redirect": (302, lambda: visitor.get("/")),
        "modeler (own CSP)": (200, lambda: pieter.get("/procesbeheer/")),
        "html 400 (CSRF)": (400, lambda: visitor.http.post("/inloggen", data={"login": "x"})),
        "html 403": (403, lambda: carla.get("/beheer/privacy/")),
        "html 404": (404, lambda: carla.get("/bestaat-niet")),
        "html 405": (405, lambda: carla.http.delete("/inloggen")),
        "html 413": (413, lambda: visitor.http.post("/inloggen", data={"x": "x" * 600_000})),
        "html 429": (429, lambda: too_many_logins(open_app, visitor)),
        "head": (200, lambda: visitor.http.head("/inloggen")),
        "options": (200, lambda: visitor.http.open("/inloggen", method="OPTIONS")),
        "document download": (200, lambda: carla.get(f"/klachten/{reference}/documenten/{document_id}")),
        "csv download": (200, lambda: anna.get("/audit/klachten.csv")),
        "json download": (200, lambda: anna.get(f"/audit/klachten/{reference}/export.json")),
        "bpmn download": (200, lambda: pieter.get(f"/procesbeheer/versies/{engine.versions()[0].id}.bpmn")),
        "report pdf": (200, lambda: anna.get("/rapportage/2026Q4.pdf")),
        "api json": (200, lambda: api.get(f"{API}/complaints", headers=bearer(token("yasmin")))),
        "api openapi": (200, lambda: api.get(f"{API}/openapi.json")),
        "api docs": (200, lambda: api.get(f"{API}/docs")),
        "api 400": (400, lambda: api.post(f"{API}/complaints", data=b"{", headers=bearer(token("carla")))),
        "api 401": (401, lambda: api.get(f"{API}/complaints")),
        "api 404": (404, lambda: api.get(f"{API}/bestaat-niet")),
        "api 405": (405, lambda: api.delete(f"{API}/complaints")),
        "api 413": (
            413,
            lambda: api.post(f"{API}/complaints", data=b"x" * 600_000, headers=bearer(token("carla"))),
        ),
        "static css": (200, lambda: visitor.get("/static/klacht.css")),
        "static svg": (200, lambda: visitor.get("/static/favicon.svg")),
        "static 404": (404, lambda: visitor.get("/static/bestaat-niet.js")),
        "public form": (200, lambda: visitor.get("/klacht-indienen")),
        "status link 404": (404, lambda: visitor.get("/status/ongeldig")),
    }


def too_many_logins(app, visitor):
    """The answer to a login attempt beyond the limit (the fixture lifted the limit)."""
    app.extensions["klacht_throttles"]["login"] = Throttle(limit=1, window=900)
    visitor.post("/inloggen", {"login": "carla", "password": "fout"})
    return visitor.post("/inloggen", {"login": "carla", "password": "fout"})


def test_security_headers_on_every_kind_of_answer(kinds):
    """One test over all kinds (making the app and logging in four users per kind is slow)."""
    missing = {}
    for kind, (status, answer) in kinds.items():
        response = answer()
        response.close()  # a static file is sent from an open file
        assert response.status_code == status, (kind, response.status_code)
        try:
            has_security_headers(response)
        except AssertionError as problem:
            missing[kind] = str(problem) or "headers"
        if response.status_code >= 400:
            assert response.mimetype in ("text/html", "application/json"), (kind, response.mimetype)
    assert missing == {}
    assert len(kinds) == 30


def test_downloads_are_never_rendered(kinds):
    for kind in ("document download", "csv download", "json download", "bpmn download", "report pdf"):
        response = kinds[kind][1]()
        assert response.status_code == 200, kind
        assert response.headers["Content-Disposition"].startswith("attachment"), kind


PATH = st.one_of(
    st.lists(hostile_text(max_size=12), min_size=1, max_size=4).map(
        lambda parts: "/" + "/".join(quote(part, safe="") or "-" for part in parts)
    ),
    st.sampled_from(ATTACKS).map(lambda attack: "/" + quote(attack, safe="")),
    st.sampled_from(
        ("/api/v1", "/api/v1/", "/static/", "/static/../app.py", "//x", "/klachten/", "/api-tokens/")
    ),
)


@fast(50)
@given(path=PATH, method=st.sampled_from(("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")))
def test_security_headers_on_any_address(open_app, path, method):
    response = open_app.test_client().open(path, method=method)
    response.close()
    assert response.status_code < 500, (method, path, response.status_code)
    has_security_headers(response)


def session_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("klacht_sessie="))


def cookie_flags(cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}


def test_the_session_cookie_is_http_only_and_same_site_and_not_secure_in_development(anonymous):
    response = anonymous().login("carla")
    cookie = session_cookie(response)
    assert {"httponly", "samesite", "path"} <= cookie_flags(cookie)
    assert re.search(r"SameSite=(Lax|Strict)", cookie), cookie
    assert "secure" not in cookie_flags(cookie)  # development runs on http://127.0.0.1


def test_the_session_cookie_is_secure_in_production(engine, tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/k.db",  # unused: the app runs on the given engine
        now=MONDAY_MORNING,
        secret_key="een-eigen-sleutel-van-32-tekens-lang",
        environment="production",
    )
    app = create_app(settings, engine)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    client = app.test_client()
    page = client.get("/inloggen", base_url="https://klachten.example")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(
        "/inloggen",
        data={"login": "carla", "password": "klacht-demo", "csrf_token": token},
        base_url="https://klachten.example",
        headers={"Referer": "https://klachten.example/inloggen"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    cookie = session_cookie(response)
    assert {"httponly", "samesite", "secure"} <= cookie_flags(cookie), cookie
