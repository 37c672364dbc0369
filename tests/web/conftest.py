"""Fixtures of the web tests: a fresh SQLite database per test with a fixed clock and the demo
users, the app on it, and a test client that logs in and sends forms with their CSRF token."""

import os
import re
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from process.calendar import AMSTERDAM
from webforms import create_app
from webforms.cli import DEMO_PASSWORD, add_demo_users
from webforms.composition import build_engine, install
from webforms.settings import Settings

MONDAY_MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=AMSTERDAM)
REGISTRATION = {
    "complainant_name": "Jan de Klager",
    "complainant_email": "jan@example.org",
    "complainant_phone": "06 1234 5678",
    "description": "Ik ben drie keer niet teruggebeld.",
    "channel": "telefoon",
    "category": "dienstverlening",
    "service_employee": "henk",
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def settings(tmp_path):
    return Settings(database_url=f"sqlite:///{tmp_path}/k.db", now=MONDAY_MORNING, secret_key="test-sleutel")


@pytest.fixture(scope="session")
def installed_database(tmp_path_factory) -> Path:
    """A database with the schema, the bundled diagram and the demo users, made once."""
    path = tmp_path_factory.mktemp("template") / "k.db"
    built = build_engine(Settings(database_url=f"sqlite:///{path}", now=MONDAY_MORNING))
    install(built)
    add_demo_users(built)
    built.db.dispose()
    return path


@pytest.fixture
def engine(settings, installed_database, tmp_path):
    """An engine on this test's own copy of the installed database."""
    shutil.copyfile(installed_database, tmp_path / "k.db")
    built = build_engine(settings)
    install(built)
    yield built
    built.db.dispose()


@pytest.fixture
def app(settings, engine):
    built = create_app(settings, engine)
    built.config["TESTING"] = True
    return built


class Client:
    """A Flask test client that speaks like a user: log in, open pages, send forms."""

    def __init__(self, flask_client):
        self.http = flask_client

    def get(self, url, **kwargs):
        return self.http.get(url, **kwargs)

    def token(self, page="/inloggen") -> str:
        return CSRF.search(self.http.get(page, follow_redirects=True).get_data(as_text=True)).group(1)

    def post(self, url, data=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.token())
        return self.http.post(url, data=data, **kwargs)

    def login(self, login, password=DEMO_PASSWORD):
        response = self.post("/inloggen", {"login": login, "password": password})
        assert response.status_code in (302, 401), response.status_code
        return response


@pytest.fixture
def client(app):
    return Client(app.test_client())


@pytest.fixture
def as_user(app):
    """as_user("carla") -> a logged-in client (each call its own session)."""

    def logged_in(login):
        user = Client(app.test_client())
        assert user.login(login).status_code == 302
        return user

    return logged_in


def register(engine, actor="carla", **changes) -> str:
    return engine.start("klachtafhandeling", actor, {**REGISTRATION, **changes}).reference


def ready(engine, reference, bpmn_id):
    found = [t for t in engine.tasks(reference=reference) if t.bpmn_id == bpmn_id]
    assert len(found) == 1, [t.bpmn_id for t in engine.tasks(reference=reference)]
    return found[0]


def do(engine, reference, bpmn_id, actor, **data):
    return engine.complete_task(ready(engine, reference, bpmn_id).id, actor, data)


def to_contact(engine, reference, handler="yasmin"):
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    do(engine, reference, "afhandelaar_bepalen", "yasmin", handler=handler)


# -- browser tests: one live server and one Chromium per session, a new context per test ------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SKIP_BROWSER = os.environ.get("KLACHT_SKIP_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *_args) -> None:
        pass


@dataclass
class LiveServer:
    url: str
    engine: object


@contextmanager
def serving(folder: Path):
    """The app on a fresh installed database in `folder`, served on a free port of 127.0.0.1."""
    settings = Settings(
        database_url=f"sqlite:///{folder}/k.db", now=MONDAY_MORNING, secret_key="test-sleutel"
    )
    built = build_engine(settings)
    install(built)
    add_demo_users(built)
    server = make_server(
        "127.0.0.1", 0, create_app(settings, built), threaded=True, request_handler=QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", built)
    server.shutdown()
    thread.join()
    built.db.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("live")) as served:
        yield served


@contextmanager
def launched_chromium():
    """Debian's Chromium under Playwright. Leaving the browser tests out is a choice made with
    KLACHT_SKIP_BROWSER=1 (the run's summary says so); a missing Chromium fails them, with how
    to install it, so that a green run never tested less than it says."""
    if SKIP_BROWSER:
        pytest.skip("browser tests left out: KLACHT_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install it (apt-get install chromium, or `make browser` as root), "
            "point CHROMIUM_PATH at one, or leave the browser tests out with KLACHT_SKIP_BROWSER=1",
            pytrace=False,
        )
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def chromium():
    with launched_chromium() as browser:
        yield browser


class Browsers:
    """New browser contexts (each its own cookies) that note console errors, page errors and
    requests to other hosts; the test fails on any it did not announce with `allow`."""

    def __init__(self, chromium, base_url):
        self.chromium, self.base_url = chromium, base_url
        self.contexts, self.problems, self.allowed = [], [], []

    def new(self):
        context = self.chromium.new_context(base_url=self.base_url, viewport={"width": 1280, "height": 900})
        context.on("request", self._request)
        context.on("page", self._page)
        self.contexts.append(context)
        return context

    def allow(self, text: str) -> None:
        """Expect a console error containing `text` (a page that answers 410 logs one)."""
        self.allowed.append(text)

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(text in p for text in self.allowed)]

    def _page(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.problems.append(message.text))
        page.on("pageerror", lambda error: self.problems.append(str(error)))

    def _request(self, request) -> None:
        if (
            request.url.split(":", 1)[0] not in ("data", "about")
            and urlsplit(request.url).hostname != "127.0.0.1"
        ):
            self.problems.append(f"request to another host: {request.url}")


@pytest.fixture
def browsers(chromium, live_server):
    opened = Browsers(chromium, live_server.url)
    yield opened
    for context in opened.contexts:
        context.close()
    assert opened.unexpected() == []


def mailed_link(engine, reference, kind="link") -> str:
    """The path of the newest personal link (`link` or `status`) mailed for a complaint: staff
    pages never show one, the complainant finds it in their mail."""
    from engine.models import Instance, OutboxMail

    with engine.db.read() as session:
        bodies = (
            session.query(OutboxMail.body_text)
            .join(Instance, Instance.id == OutboxMail.instance_id)
            .filter(Instance.reference == reference)
            .order_by(OutboxMail.id.desc())
        )
        for (body,) in bodies:
            if found := re.search(rf"(/{kind}/[A-Za-z0-9_.\-]+)", body):
                return found.group(1)
    raise AssertionError(f"no {kind} mailed for {reference}")
