"""The JSON API under hostile input: every endpoint that takes a body, a query parameter, a path
part or a header. Never a 500; a refusal has the one error shape with a Dutch message; what is
accepted is stored as given and the web pages that show it show it escaped."""

import json
from urllib.parse import quote

from hypothesis import event, given
from hypothesis import strategies as st

from webforms.complaint_forms import PUBLIC_HIDDEN

from .conftest import API, REGISTRATION, bearer
from .pages import assert_stored, complainant_pages_show_escaped, staff_pages_show_escaped
from .payloads import (
    ANY_CHARACTER,
    ATTACKS,
    MARK,
    api_refusal,
    fast,
    hostile_text,
    huge_text,
    marked,
    no_server_error,
    wrong_json,
)
from .test_task_forms import ROUTE, task_at

# Text that JSON can carry and a database cannot: lone surrogates, NUL. The API refuses those.
UNSTORABLE = ("\ud800", "a\udfffb", "\x00", "x\x00y")
TEXT = st.one_of(marked(hostile_text(ANY_CHARACTER)), st.sampled_from(UNSTORABLE))


def send(client, path, body, headers=None):
    """POST `body` as JSON text (ensure_ascii, so lone surrogates travel as \\udXXX escapes)."""
    raw = json.dumps(body).encode() if not isinstance(body, bytes) else body
    sent = {"Content-Type": "application/json", **(headers or {})}
    return client.post(API + path, data=raw, headers=sent)


def as_header(text: str) -> str:
    """Text as the bytes of a header value (UTF-8 read as Latin-1, as a server sees them); line
    breaks cannot be in one (HTTP ends the header there), the test client refuses them."""
    raw = text.encode("utf-8", "surrogatepass").decode("latin-1")
    return raw.replace("\r", " ").replace("\n", " ")


def storable(value) -> bool:
    if isinstance(value, str):
        return "\x00" not in value and not any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return all(storable(k) and storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(storable(v) for v in value)
    return True


@st.composite
def registrations(draw, public=False):
    body = {k: v for k, v in REGISTRATION.items() if not (public and k in PUBLIC_HIDDEN)}
    names = sorted(body) + ["complainant_name", "description"] * 3 + ["extra"]
    for name in dict.fromkeys(draw(st.lists(st.sampled_from(names), min_size=1, max_size=2))):
        how = draw(st.sampled_from(("hostile",) * 5 + ("wrong type", "huge", "absent")))
        if how == "hostile":
            body[name] = draw(TEXT)
        elif how == "wrong type":
            body[name] = draw(wrong_json())
        elif how == "huge":
            body[name] = draw(huge_text(20_001))
        else:
            body.pop(name, None)
    return body


def check_registration(response, engine, body, what):
    no_server_error(response, what)
    event(f"{what}: {response.status_code}")
    if response.status_code != 201:
        error = api_refusal(response, what)
        if not storable(body):
            assert response.status_code == 400 and error["code"] == "invalid_json", error
        return None
    assert storable(body)
    reference = response.get_json()["reference"]
    assert_stored(engine, reference, "registratie", body)
    return reference


@fast(18)
@given(body=registrations(), key=st.one_of(st.none(), hostile_text(ANY_CHARACTER, 60)))
def test_registering_through_the_api(open_app, engine, staff, anonymous, token, body, key):
    client = open_app.test_client()
    headers = bearer(token("carla"))
    if key is not None:
        headers["Idempotency-Key"] = as_header(key)
    response = send(client, "/complaints", body, headers)
    reference = check_registration(response, engine, body, "api registration")
    if reference is None:
        return
    shown = client.get(f"{API}/complaints/{reference}", headers=bearer(token("yasmin")))
    assert shown.status_code == 200
    for name, value in body.items():
        if isinstance(value, str) and value.strip():
            assert shown.get_json()["data"][name] == value.strip()
    texts = [v for v in body.values() if isinstance(v, str)]
    full = [body[n].strip() for n in ("complainant_name", "description") if n in body]
    staff_pages_show_escaped(engine, staff, reference, texts, full, pages={"complaint", "history", "search"})
    complainant_pages_show_escaped(open_app, engine, anonymous(), reference, texts, full)


@fast(15)
@given(body=registrations(public=True))
def test_filing_through_the_public_api(open_app, engine, staff, body):
    response = send(open_app.test_client(), "/public/complaints", body)
    reference = check_registration(response, engine, body, "public api")
    if reference is not None:
        texts = [v for v in body.values() if isinstance(v, str)]
        staff_pages_show_escaped(engine, staff, reference, texts, pages={"complaint"})


@st.composite
def task_answers(draw, valid: dict):
    body = dict(valid)
    for name in dict.fromkeys(draw(st.lists(st.sampled_from([*valid, "extra"]), min_size=1, max_size=2))):
        how = draw(st.sampled_from(("hostile", "hostile", "wrong type", "absent")))
        if how == "hostile":
            body[name] = draw(TEXT)
        elif how == "wrong type":
            body[name] = draw(wrong_json())
        else:
            body.pop(name, None)
    return body


@fast(10)
@given(data=st.data())
def test_completing_tasks_through_the_api(open_app, engine, staff, token, data):
    stage, actor, valid = data.draw(st.sampled_from(ROUTE), label="stage")
    task = task_at(engine, stage)
    body = data.draw(task_answers(valid), label="body")
    response = send(open_app.test_client(), f"/tasks/{task.id}/complete", body, bearer(token(actor)))
    no_server_error(response, stage)
    event(f"{stage}: {response.status_code}")
    if response.status_code != 200:
        api_refusal(response, stage)
        assert engine.task(task.id).state == "ready"
        return
    assert storable(body) and engine.task(task.id).state == "completed"
    assert_stored(engine, task.reference, task.form, body)
    texts = [v for v in body.values() if isinstance(v, str)]
    staff_pages_show_escaped(engine, staff, task.reference, texts, pages={"complaint", "history"})


RAW_BODIES = st.one_of(
    st.binary(max_size=200),
    hostile_text(ANY_CHARACTER).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(ATTACKS).map(str.encode),
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 40).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    st.sampled_from(
        (b"9" * 5000, b'{"approved": 1e999}', b'{"a": NaN}', b'{"a": -Infinity}', b'{"a":1,"a":2}')
    ),
    wrong_json().map(lambda value: json.dumps(value).encode()),
)
CONTENT_TYPES = st.sampled_from(
    (
        None,
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "a/b;;",
    )
)
POSTS = (
    "/complaints",
    "/public/complaints",
    "/processes/klachtafhandeling/instances",
    "/tasks/{task}/complete",
)


@fast(40)
@given(path=st.sampled_from(POSTS), raw=RAW_BODIES, kind=CONTENT_TYPES)
def test_any_bytes_as_a_body(open_app, engine, token, path, raw, kind):
    task = engine.tasks()[0].id if engine.tasks() else task_at(engine, "akkoord_klager").id
    headers = {**bearer(token("carla")), **({"Content-Type": kind} if kind else {})}
    response = open_app.test_client().post(API + path.format(task=task), data=raw, headers=headers)
    no_server_error(response, (path, raw[:50]))
    if response.status_code >= 400:
        api_refusal(response, path)


QUERY = st.one_of(
    marked(hostile_text(max_size=20)),
    st.sampled_from(ATTACKS),
    st.sampled_from(("²", "0", "-1", "9" * 30, "true", "TRUE", "mine", "roles", "due")),
)
GETS = (
    ("/complaints", ("status", "category", "page", "per_page")),
    ("/tasks", ("scope", "role", "category", "overdue", "sort", "page", "per_page")),
)


@fast(30)
@given(data=st.data())
def test_query_parameters(open_app, token, data):
    path, names = data.draw(st.sampled_from(GETS), label="path")
    query = data.draw(st.dictionaries(st.sampled_from((*names, "x")), QUERY, max_size=4), label="query")
    response = open_app.test_client().get(API + path, query_string=query, headers=bearer(token("yasmin")))
    no_server_error(response, (path, query))
    event(f"{path}: {response.status_code}")
    if response.status_code != 200:
        api_refusal(response, path)


PATHS = (
    ("GET", "/complaints/{}"),
    ("GET", "/complaints/{}/history"),
    ("GET", "/instances/{}"),
    ("GET", "/instances/{}/tasks"),
    ("GET", "/tasks/{}"),
    ("POST", "/tasks/{}/claim"),
    ("POST", "/tasks/{}/release"),
    ("POST", "/tasks/{}/complete"),
    ("POST", "/processes/{}/instances"),
    ("GET", "/reports/{}"),
    ("GET", "/public/status/{}"),
)
PART = st.one_of(
    marked(hostile_text()),
    st.sampled_from(ATTACKS),
    st.sampled_from(("KL-2026-0001", "0001Q1", "9999Q4", "2026Q4", "0001-01-01..9999-12-31", "..", "%2e%2e")),
)


@fast(40)
@given(route=st.sampled_from(PATHS), part=PART)
def test_path_parts(open_app, engine, token, route, part):
    method, template = route
    url = API + template.replace("{}", quote(part, safe=""))
    client = open_app.test_client()
    headers = bearer(token("yasmin"))
    response = (
        client.post(url, json={}, headers=headers) if method == "POST" else client.get(url, headers=headers)
    )
    no_server_error(response, url)
    if response.status_code >= 400:
        api_refusal(response, url)


@fast(30)
@given(
    authorization=st.one_of(
        hostile_text(max_size=80), st.sampled_from(("Bearer", "Bearer ", "bearer x", "Basic eDp5"))
    ),
    key=st.one_of(hostile_text(max_size=300), st.just("x" * 201), st.just(MARK)),
)
def test_headers(open_app, engine, token, authorization, key):
    client = open_app.test_client()
    encoded = {"Authorization": as_header(authorization)}
    response = send(client, "/complaints", REGISTRATION, encoded)
    assert response.status_code == 401
    api_refusal(response, "authorization")
    idempotent = {**bearer(token("carla")), "Idempotency-Key": as_header(key)}
    response = send(client, "/complaints", REGISTRATION, idempotent)
    no_server_error(response, "idempotency key")
    if response.status_code >= 400:
        api_refusal(response, "idempotency key")
