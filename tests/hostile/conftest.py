"""Fixtures of the hostile-input tests: the web tests' app (on SQLite a fresh copy of the installed
database per test; on PostgreSQL, when KLACHT_TEST_POSTGRES_URL names a server, a fresh database
per test; a fixed clock, the demo users) with its rate limits lifted, so that hypothesis can send
many requests from one address without being slowed down as a guesser would be."""

import shutil

import pytest
from sqlalchemy.engine import make_url
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.conftest import DATABASES, fresh_database
from tests.web.conftest import (  # noqa: F401  (fixtures shared with the web tests)
    MONDAY_MORNING,
    REGISTRATION,
    Client,
    app,
    as_user,
    client,
    installed_database,
)
from webforms.cli import DEMO_PASSWORD, add_demo_users  # noqa: F401  (DEMO_PASSWORD for the tests)
from webforms.composition import build_engine, install
from webforms.settings import Settings
from webforms.throttle import Throttle

API = "/api/v1"


@pytest.fixture(params=DATABASES)
def database(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url:
        yield request.param, url


@pytest.fixture
def settings(database):
    return Settings(database_url=database[1], now=MONDAY_MORNING, secret_key="test-sleutel")


@pytest.fixture
def engine(database, settings, installed_database):  # noqa: F811
    """SQLite: a copy of the installed database, as in the web tests; PostgreSQL: installed afresh."""
    kind, url = database
    if kind == "sqlite":
        shutil.copyfile(installed_database, make_url(url).database)
    built = build_engine(settings)
    install(built)
    if kind != "sqlite":
        add_demo_users(built)
    yield built
    built.db.dispose()


@pytest.fixture
def open_app(app):  # noqa: F811  (the fixture imported above)
    """The app without rate limits (the limits themselves are tested in tests/web)."""
    for name in app.extensions["klacht_throttles"]:
        app.extensions["klacht_throttles"][name] = Throttle(limit=10**9, window=1)
    return app


class User(Client):
    """A Client that fetches the CSRF token of its session once (a session keeps its token)."""

    _token = None

    def token(self, page="/inloggen") -> str:
        if self._token is None:
            self._token = super().token(page)
        return self._token

    def login(self, login, password=None):
        response = super().login(login) if password is None else super().login(login, password)
        self._token = None  # logging in starts a new session, with a new token
        return response


@pytest.fixture
def anonymous(open_app):
    """A new visitor without a session."""
    return lambda: User(open_app.test_client())


@pytest.fixture
def staff(open_app):
    """staff("carla") -> a logged-in User; one per login for the whole test (logging in is slow)."""
    made = {}

    def logged_in(login):
        if login not in made:
            user = User(open_app.test_client())
            assert user.login(login).status_code == 302
            made[login] = user
        return made[login]

    return logged_in


@pytest.fixture
def token(engine):  # noqa: F811
    """token("yasmin") -> a personal API token's secret; one per login."""
    made = {}

    def secret(login):
        if login not in made:
            made[login] = engine.create_token(login, "hostile").secret
        return made[login]

    return secret


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def links(app):  # noqa: F811
    return app.extensions["klacht_links"]


def multipart(fields: dict) -> dict:
    """`fields` (a file as (stream, filename)) as keyword arguments of a multipart POST encoded
    in memory (the test client spools a large
    body to a temporary file that it never closes when the app refuses the body unread)."""
    files = {
        name: FileStorage(value[0], filename=value[1]) if isinstance(value, tuple) else value
        for name, value in fields.items()
    }
    boundary, body = encode_multipart(MultiDict(files))
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}
