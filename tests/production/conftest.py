"""The production setup as real processes: gunicorn with four workers serving webforms.wsgi:app
and one `klacht scheduler` beside it, on a database of their own per test module (PostgreSQL when
KLACHT_TEST_POSTGRES_URL names a server, and SQLite always, as the `db_url` fixture decides),
prepared with the `klacht` command line as docs/production.md says.

The server's clock stands at Friday 27 November 2026 10:00 (KLACHT_NOW), the scheduler's at
Wednesday 2 December 09:00: a contact term (end of Tuesday 1 December) set through the API has
passed for the scheduler, so the tests see it fire a timer without waiting for days.
"""

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from bench.http import DIAGRAM, Server, klacht, request

from ..conftest import DATABASES, Procedure, fresh_database

API = "/api/v1"
WORKERS = 4
SERVER_NOW = "2026-11-27T10:00:00+01:00"
SCHEDULER_NOW = "2026-12-02T09:00:00+01:00"
LOGINS = ("carla", "yasmin", "henk")
REGISTRATION = Procedure.REGISTRATION


@pytest.fixture(scope="module", params=DATABASES)
def production_db(request, tmp_path_factory):
    """A fresh database for one test module (the module-wide twin of tests/conftest.py db_url)."""
    with fresh_database(request.param, tmp_path_factory.mktemp("production")) as url:
        yield url


@dataclass
class Answer:
    status: int
    body: dict | None

    @property
    def error(self) -> dict:
        """The error object of a refusal, after checking the API's one error shape."""
        assert set(self.body or {}) == {"error"}, self.body
        assert set(self.body["error"]) == {"code", "message", "fields"}, self.body
        return self.body["error"]


@dataclass
class Caller:
    """A client of the running server acting with one user's personal API token."""

    port: int
    token: str | None

    def get(self, path: str) -> Answer:
        return Answer(*request(self.port, "GET", API + path, token=self.token))

    def post(self, path: str, body=None, headers=None) -> Answer:
        return Answer(*request(self.port, "POST", API + path, body or {}, self.token, headers))


@dataclass
class Production:
    server: Server
    database_url: str
    tokens: dict[str, str] = field(default_factory=dict)

    def as_user(self, login: str | None) -> Caller:
        return Caller(self.server.port, self.tokens[login] if login else None)

    def cli(self, *args: str):
        """A `klacht --json` command on the same database, as an operator would run it."""
        return json.loads(klacht(self.database_url, "--json", *args, env={"KLACHT_NOW": SERVER_NOW}))


@pytest.fixture(scope="module")
def production(production_db, tmp_path_factory):
    setup = {"KLACHT_NOW": SERVER_NOW}
    klacht(production_db, "init", "--demo", env=setup)
    server = Server(
        production_db,
        workers=WORKERS,
        env={"KLACHT_NOW": SERVER_NOW},
        scheduler=True,
        scheduler_env={"KLACHT_NOW": SCHEDULER_NOW, "KLACHT_SCHEDULER_SWEEP_SECONDS": "1"},
        log_dir=tmp_path_factory.mktemp("logs"),
    )
    # Once the schema exists the rest is independent: deploy, make tokens and start the
    # processes at the same time (each command is a process of its own that takes a second).
    try:
        with ThreadPoolExecutor(max_workers=len(LOGINS) + 2) as pool:
            deployed = pool.submit(
                klacht,
                production_db,
                "deploy",
                str(DIAGRAM),
                "--as",
                "pieter",
                "--comment",
                "test",
                env=setup,
            )
            made = {
                login: pool.submit(
                    klacht, production_db, "--json", "tokens", "create", login, "--name", "test", env=setup
                )
                for login in LOGINS
            }
            started = pool.submit(server.start)
            deployed.result()
            tokens = {login: json.loads(future.result())["token"] for login, future in made.items()}
            started.result()
    except BaseException:
        server.stop()  # whatever had started
        raise
    try:
        yield Production(server, production_db, tokens)
        died = [
            name
            for name, p in (("gunicorn", server.gunicorn), ("scheduler", server.scheduler))
            if p.poll() is not None
        ]
    finally:
        server.stop()
    logs = server.logs()
    assert not died, f"{died} exited while the tests ran\n{server.log_tail()}"
    # No request or tick may have failed unnoticed: gunicorn logs worker errors, the app and the
    # scheduler log exceptions with their traceback.
    for sign in ("Traceback", "[ERROR]", "database is locked"):
        assert sign not in logs, server.log_tail(200)
