"""The auditor changes nothing: every state-changing route of the app, of every blueprint present
when this runs (POST, PUT, PATCH, DELETE in the url_map), refuses her with 401, 403 or 404 and
leaves every table as it was. She signs in with a session and carries her own API token, so both
the pages and the API are tried with everything she has.

Only two kinds of route may let her through, each named below with its reason: routes that act
for nobody in particular (open to anyone without an account, or authorised by a personal link's
token), and her own sign-in and API tokens. Neither may write anything in her name."""

import hashlib
import io

import pytest
from sqlalchemy import inspect, text

from tests.web.conftest import REGISTRATION, do, register

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
AUDITOR = "anna"
# Routes anyone may use without an account; the auditor's role adds nothing there.
OPEN_TO_ANYONE = {
    "public.complaint_form": "the public complaint form: anyone may file a complaint",
    "complainant.task": "a personal link: the token in the URL is the authority, not the login",
}
# Her own session and API tokens: these may change only her own rows.
SIGN_IN_TABLES = {"staff_sessions", "rate_limits"}
OWN_ACCOUNT = {
    "auth.login": "signing in (she already is: nothing happens)",
    "auth.logout": "signing out ends her own session",
    "api_tokens.create": "a personal API token of her own",
    "api_tokens.revoke": "revoking a token: only her own",
    "own_password.page": "changing her own password",
}
REFUSED = (401, 403, 404)
FILE_FIELDS = ("document", "file", "diagram")
DOCUMENT = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def routes(app):
    """(endpoint, rule, method) of every state-changing route, in a stable order."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(set(rule.methods or ()) & set(STATE_CHANGING)):
            found.append((rule.endpoint, rule, method))
    return sorted(found, key=lambda each: (each[1].rule, each[2]))


def is_open_to_anyone(app, endpoint) -> bool:
    return endpoint in OPEN_TO_ANYONE or getattr(app.view_functions[endpoint], "public", False)


def database_state(engine) -> dict[str, str]:
    """A digest of every row of every table."""
    state = {}
    with engine.db.reader.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
            state[table] = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
    return state


def rows_of(engine, table, login) -> list:
    with engine.db.reader.connect() as connection:
        return connection.execute(
            text(f'SELECT * FROM "{table}" WHERE login = :login'), {"login": login}
        ).all()


@pytest.fixture
def world(app, engine, as_user):
    """Something to change everywhere: open complaints with tasks, personal links, API tokens."""
    # About discrimination: looking at it is recorded, so a refused action must not count as a look.
    reference = register(engine, "yasmin", category="discriminatie", service_employee="onbekend")
    do(engine, reference, "akkoord_klager", "yasmin", approved=True)
    do(engine, reference, "afhandelaar_bepalen", "yasmin", handler="henk")
    waiting = register(engine)  # its complainant can approve it through a personal link
    task = next(t for t in engine.tasks(reference=reference) if t.bpmn_id == "contact_opnemen")
    approval = next(t for t in engine.tasks(reference=waiting) if t.bpmn_id == "akkoord_klager")
    anna_token = engine.create_token(AUDITOR, "audit")
    henk_token = engine.create_token("henk", "henk")
    headers = {"Authorization": f"Bearer {anna_token.secret}"}
    as_user(AUDITOR).http.get("/api/v1/me", headers=headers)  # its first use is noted once, now
    values = {
        "reference": reference,
        "task_id": task.id,
        "token": app.extensions["klacht_links"].task_token(approval.id, approval.form or ""),
        "token_id": henk_token.token.id,
        "process_id": "klachtafhandeling",
        "login": "henk",
        "definition_id": 1,
        "version": 1,
        "period": "2026Q4",
    }
    return {"values": values, "headers": headers}


def form_data(token: str) -> dict:
    """Answers for any form of the app, so a refusal is never just a missing field."""
    return {
        **REGISTRATION,
        "csrf_token": token,
        "approved": "ja",
        "handler": "henk",
        "text": "Een opmerking van de auditor",
        "channel": "Telefoon",
        "outcome": "Klager gesproken",
        "contacted_at": "2026-11-30T09:00",
        "contact_summary": "Gebeld",
        "reason": "Test",
        "name": "token",
        "comment": "Nieuwe versie",
        "login": AUDITOR,
        "password": "klacht-demo",
    }


class Auditor:
    """The auditor's signed-in browser session; signed in again after she signed out."""

    def __init__(self, as_user):
        self.as_user = as_user
        self.client = self.csrf = None

    def session(self):
        if self.client is None:
            self.client = self.as_user(AUDITOR)
            self.csrf = self.client.token()
        return self.client, self.csrf

    def signed_out(self) -> None:
        self.client = None


def request_as_auditor(app, auditor, world, rule, method):
    client, csrf = auditor.session()
    if rule.endpoint == "auth.logout":
        auditor.signed_out()
    url = app.url_map.bind("localhost").build(
        rule.endpoint, {arg: world["values"].get(arg, 1) for arg in rule.arguments}, method=method
    )
    data = form_data(csrf)
    if url.startswith("/api/"):
        return client.http.open(url, method=method, json=data, headers=world["headers"])
    # A file in every field a form might read one from (an attachment to a complaint, a diagram).
    files = {name: (io.BytesIO(DOCUMENT), "brief.pdf") for name in FILE_FIELDS}
    return client.http.open(url, method=method, data={**data, **files}, headers=world["headers"])


def test_the_auditor_is_refused_by_every_state_changing_route(app, engine, as_user, world):
    found = routes(app)
    endpoints = {endpoint for endpoint, _, _ in found}
    # The routes of the procedure itself are certainly among them.
    assert {"tasks.task", "inbox.claim", "inbox.release", "case_file.comment", "complaints.new"} <= endpoints
    let_through = []
    auditor = Auditor(as_user)
    for endpoint, rule, method in found:
        before = database_state(engine)
        response = request_as_auditor(app, auditor, world, rule, method)
        after = database_state(engine)
        # Her own sign-in bookkeeping is no change to the procedure: a route of her own account
        # (a new password) ends her sessions, so the next request signs her in again.
        changed = sorted(t for t in after if after[t] != before.get(t) and t not in SIGN_IN_TABLES)
        if is_open_to_anyone(app, endpoint) or endpoint in OWN_ACCOUNT:
            continue  # checked below: nothing in her name
        if response.status_code not in REFUSED or changed:
            let_through.append(
                f"{method} {rule.rule} ({endpoint}): {response.status_code}, changed {changed}"
            )
    assert let_through == []


def test_routes_she_may_use_write_nothing_in_her_name(app, engine, as_user, world):
    auditor = Auditor(as_user)
    for endpoint, rule, method in routes(app):
        if not (is_open_to_anyone(app, endpoint) or endpoint in OWN_ACCOUNT):
            continue
        theirs = rows_of(engine, "api_tokens", "henk")
        request_as_auditor(app, auditor, world, rule, method)
        assert [e for e in engine.history(world["values"]["reference"]) if e.actor == AUDITOR] == []
        assert rows_of(engine, "api_tokens", "henk") == theirs, endpoint
    with engine.db.reader.connect() as connection:
        written = connection.execute(
            text("SELECT event FROM audit_events WHERE actor = :login AND event != 'viewed'"),
            {"login": AUDITOR},
        ).all()
    assert written == []


def test_the_exemptions_are_real_routes(app):
    """A renamed route must not leave a stale exemption behind that hides a new one."""
    endpoints = {endpoint for endpoint, _, _ in routes(app)}
    assert set(OPEN_TO_ANYONE) <= endpoints
    assert {"auth.login", "auth.logout"} <= endpoints
