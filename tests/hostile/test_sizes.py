"""Oversized requests are refused before anything is read into a form or stored: 413 with a Dutch
message, an HTML page for the web forms and the one JSON error shape for the API, for text forms,
documents and JSON bodies alike; just under the limit is no 413."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.documents import MAX_DOCUMENT_BYTES
from webforms.pages.modeler import MAX_REQUEST_BYTES

from .conftest import API, REGISTRATION, bearer, multipart
from .payloads import api_refusal, fast, html_refusal
from .test_headers import has_security_headers

LIMIT = 512 * 1024  # MAX_CONTENT_LENGTH of the app (webforms/security.py)


def test_the_limit_is_configured(open_app):
    assert open_app.config["MAX_CONTENT_LENGTH"] == LIMIT


def too_large_page(response, what):
    assert response.status_code == 413, (what, response.status_code)
    page = html_refusal(response, what)
    assert "te veel gegevens" in page or "te groot" in page, what
    has_security_headers(response)


# (login or None, form URL) of every HTML form that takes text.
FORMS = (
    (None, "/inloggen"),
    (None, "/klacht-indienen"),
    ("carla", "/klachten/nieuw"),
    ("carla", "/klachten/{reference}/opmerking"),
    ("carla", "/klachten/{reference}/contact"),
    ("carla", "/taken/{task}"),
    ("carla", "/api-tokens/"),
    ("bram", "/beheer/privacy/personen"),
    ("bram", "/beheer/privacy/bewaarplicht/{reference}"),
    ("pieter", "/procesbeheer/omzetten/"),
    (None, "/link/{link}"),
)


@pytest.fixture
def places(open_app, engine):
    """What the form URLs need: a complaint, its first task and a personal link to it."""
    complaint = engine.start("klachtafhandeling", "carla", dict(REGISTRATION))
    task = complaint.tasks[0]
    link = open_app.extensions["klacht_links"].task_token(task.id, task.form)
    return {"reference": complaint.reference, "task": task.id, "link": link}


@fast(30)
@given(
    form=st.sampled_from(FORMS),
    extra=st.integers(min_value=1, max_value=3 * LIMIT),
    as_multipart=st.booleans(),
)
def test_an_oversized_form_is_refused(engine, staff, anonymous, places, form, extra, as_multipart):
    login, template = form
    user = staff(login) if login else anonymous()
    before = len(engine.instances("klachtafhandeling"))
    body = {"csrf_token": user.token(), "description": "x" * (LIMIT + extra), **REGISTRATION}
    body["description"] = "x" * (LIMIT + extra)
    sent = multipart(body) if as_multipart else {"data": body}
    response = user.http.post(template.format(**places), **sent)
    too_large_page(response, template)
    assert len(engine.instances("klachtafhandeling")) == before


def test_just_under_the_limit_is_read(staff):
    carla = staff("carla")
    body = {**REGISTRATION, "description": "x" * (LIMIT - 2000)}
    response = carla.post("/klachten/nieuw", body)
    assert response.status_code == 400  # read, and refused as too long for the field
    assert "Gebruik hoogstens 20000 tekens" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("login", "template"),
    [(None, "/klacht-indienen"), (None, "/link/{link}"), ("carla", "/klachten/{reference}/documenten")],
)
def test_an_oversized_document_is_refused(engine, staff, anonymous, places, login, template):
    user = staff(login) if login else anonymous()
    body = {
        **REGISTRATION,
        "csrf_token": user.token(),
        "document": (io.BytesIO(b"%PDF" + b"x" * (LIMIT + MAX_DOCUMENT_BYTES)), "groot.pdf"),
    }
    response = user.http.post(template.format(**places), **multipart(body))
    too_large_page(response, template)
    assert "ten hoogste 10 MB" in response.get_data(as_text=True)
    assert engine.documents(places["reference"], "carla") == []


def test_a_document_under_its_limit_is_taken(engine, staff, places):
    carla = staff("carla")
    document = (io.BytesIO(b"%PDF" + b"x" * (MAX_DOCUMENT_BYTES - 10)), "bijna-te-groot.pdf")
    body = {"csrf_token": carla.token(), "document": document}
    response = carla.http.post(f"/klachten/{places['reference']}/documenten", **multipart(body))
    assert response.status_code == 302
    assert [d.filename for d in engine.documents(places["reference"], "carla")] == ["bijna-te-groot.pdf"]


@fast(20)
@given(
    path=st.sampled_from(
        ("/complaints", "/public/complaints", "/tasks/{task}/complete", "/processes/x/instances")
    ),
    extra=st.integers(min_value=1, max_value=2 * LIMIT),
)
def test_an_oversized_json_body_is_refused(open_app, engine, token, places, path, extra):
    body = b'{"description": "' + b"x" * (LIMIT + extra) + b'"}'
    headers = {**bearer(token("carla")), "Content-Type": "application/json"}
    response = open_app.test_client().post(API + path.format(**places), data=body, headers=headers)
    assert response.status_code == 413, (path, response.status_code)
    assert api_refusal(response, path)["code"] == "too_large"
    has_security_headers(response)
    assert len(engine.instances("klachtafhandeling")) == 1


def test_an_oversized_diagram_is_refused(staff):
    pieter = staff("pieter")
    body = b'{"xml": "' + b"x" * MAX_REQUEST_BYTES + b'"}'
    response = pieter.http.post(
        "/procesbeheer/controleren",
        data=body,
        headers={"Content-Type": "application/json", "X-CSRFToken": pieter.token()},
    )
    assert response.status_code == 413
    assert "te groot" in response.get_json()["problems"][0]["message"]
    has_security_headers(response)
