"""Fixtures shared by the engine, process and CLI tests: a fresh database per test (SQLite, and
PostgreSQL too when KLACHT_TEST_POSTGRES_URL names a server), a fixed clock, the demo users."""

import os
import uuid
from contextlib import contextmanager
from datetime import datetime

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from process.calendar import AMSTERDAM
from webforms.cli import add_demo_users
from webforms.composition import build_engine, install
from webforms.settings import Settings

POSTGRES = os.environ.get("KLACHT_TEST_POSTGRES_URL")
FRIDAY_MORNING = datetime(2026, 11, 27, 10, 0, tzinfo=AMSTERDAM)


DATABASES = ["sqlite", "postgres"] if POSTGRES else ["sqlite"]

# Property-based tests draw the same examples on every run of `make test`, so that its result
# never depends on chance; `make fuzz` draws new ones, ten times as many (tests/hostile's SCALE).
# A failure found by fuzzing becomes an @example of its test.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("fuzz", derandomize=False, database=None)
hypothesis_settings.load_profile(os.environ.get("KLACHT_HYPOTHESIS_PROFILE", "repeatable"))


def pytest_terminal_summary(terminalreporter):
    """Say what this run did not test, so a green run never reads as more than it was."""
    left_out = []
    if not POSTGRES:
        left_out.append("PostgreSQL (no KLACHT_TEST_POSTGRES_URL; `make test` sets it when one is installed)")
    if os.environ.get("KLACHT_SKIP_BROWSER") == "1":
        left_out.append("the browser tests (KLACHT_SKIP_BROWSER=1)")
    for what in left_out:
        terminalreporter.write_line(f"Not tested in this run: {what}", yellow=True)


@contextmanager
def fresh_database(kind, folder):
    """The URL of a new, empty database: a SQLite file in `folder`, or a PostgreSQL database on
    the test server, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/klacht.db"
        return
    name = f"klacht_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=DATABASES)
def db_url(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


def fresh_engine(db_url, moment=FRIDAY_MORNING):
    """An engine as a new process would build it: nothing shared but the database."""
    return build_engine(Settings(database_url=db_url, now=moment))


@pytest.fixture
def engine(db_url):
    built = fresh_engine(db_url)
    install(built)
    add_demo_users(built)
    yield built
    built.db.dispose()


class Procedure:
    """Drives complaints through the engine in the words of the procedure."""

    REGISTRATION = {
        "complainant_name": "Jan de Klager",
        "complainant_email": "jan@example.org",
        "complainant_phone": "06 1234 5678",
        "description": "Ik ben drie keer niet teruggebeld.",
        "channel": "telefoon",
        "category": "dienstverlening",
        "service_employee": "henk",
    }

    def __init__(self, engine):
        self.engine = engine

    def register(self, actor="carla", **changes) -> str:
        return self.engine.start("klachtafhandeling", actor, {**self.REGISTRATION, **changes}).reference

    def task(self, reference, bpmn_id):
        found = [t for t in self.engine.tasks(reference=reference) if t.bpmn_id == bpmn_id]
        assert len(found) == 1, (
            f"expected one ready {bpmn_id}, got {[t.bpmn_id for t in self.engine.tasks(reference=reference)]}"
        )
        return found[0]

    def do(self, reference, bpmn_id, actor, **data):
        return self.engine.complete_task(self.task(reference, bpmn_id).id, actor, data)

    def ready(self, reference) -> list[str]:
        return sorted(t.bpmn_id for t in self.engine.tasks(reference=reference))

    def at(self, moment) -> None:
        self.engine.clock.set(moment)

    def fire(self):
        return self.engine.fire_due_timers()

    def events(self, reference, event=None):
        return [e for e in self.engine.history(reference) if event is None or e.event == event]

    def to_contact(self, reference, handler="yasmin"):
        self.do(reference, "akkoord_klager", "carla", approved=True)
        self.do(reference, "afhandelaar_bepalen", "yasmin", handler=handler)

    def to_satisfaction_check(self, reference, handler="yasmin", **report):
        self.to_contact(reference, handler)
        self.do(
            reference,
            "contact_opnemen",
            handler,
            contact_summary="Gebeld, excuses aangeboden.",
            outcome="opgelost",
        )
        self.do(
            reference,
            "afhandeling_rapporteren",
            handler,
            **({"resolution": "Terugbelafspraak nagekomen.", "procedure_change": False} | report),
        )


@pytest.fixture
def procedure(engine):
    return Procedure(engine)
