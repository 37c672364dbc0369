"""`klacht users`: names, functions and addresses are never empty (issue 13.4), and what the
staff page does can be done on the command line too, with the same rules (issue 15.4)."""

import json

import pytest
from click.testing import CliRunner

from webforms import cli
from webforms.composition import build_engine
from webforms.settings import Settings

from .conftest import Procedure

NEW = ["users", "add", "nina", "--password", "geheim-genoeg", "--role", "afhandelaar"]


@pytest.fixture
def klacht(engine, db_url, monkeypatch):
    """klacht(*args) runs the command line in this process; each run's engine is closed after it."""
    runner, built = CliRunner(), []
    monkeypatch.setattr(
        cli, "build_engine", lambda settings: built.append(build_engine(settings)) or built[-1]
    )

    def run(*args, expect=0):
        try:
            done = runner.invoke(cli.main, ["--db", db_url, "--now", "2026-11-27T10:00:00+01:00", *args])
        finally:
            while built:
                built.pop().db.dispose()
        assert done.exit_code == expect, (done.output, done.stderr if expect == 0 else "")
        return done

    return run


@pytest.mark.parametrize(
    "given, field",
    [
        (["--name", "", "--function", "Afhandelaar", "--email", "nina@example.org"], "name"),
        (["--name", "   ", "--function", "Afhandelaar", "--email", "nina@example.org"], "name"),
        (["--name", "Nina", "--function", "", "--email", "nina@example.org"], "function"),
        (["--name", "Nina", "--function", " \t", "--email", "nina@example.org"], "function"),
        (["--name", "Nina", "--function", "Afhandelaar", "--email", ""], "email"),
        (
            ["--name", "Nina", "--function", "Afhandelaar", "--email", "nina@example.org,x@evil.example"],
            "email",
        ),
        (["--name", "Nina", "--function", "Afhandelaar", "--email", "root"], "email"),
    ],
)
def test_users_add_refuses_empty_or_broken_facts(klacht, engine, given, field):
    done = klacht(*NEW, *given, expect=2)
    assert f"{field}:" in done.stderr
    assert engine.user("nina") is None


def test_users_add_trims_and_normalises(klacht, engine):
    klacht(*NEW, "--name", " Nina de Wit ", "--function", "Afhandelaar ", "--email", "Nina@Example.ORG")
    nina = engine.user("nina")
    assert (nina.name, nina.function, nina.email) == ("Nina de Wit", "Afhandelaar", "Nina@example.org")


def test_change_deactivate_reset_and_history_on_the_command_line(klacht, engine, db_url):
    procedure = Procedure(engine)
    reference = procedure.register(service_employee="pieter")
    procedure.to_contact(reference, handler="henk")
    klacht("users", "change", "henk", "--function", "Senior afhandelaar", "--as", "bram")
    assert engine.user("henk").function == "Senior afhandelaar"
    klacht("users", "change", "henk", "--name", " ", expect=2)

    moved = json.loads(klacht("--json", "users", "deactivate", "henk", "--as", "bram").stdout)
    assert [t["reference"] for t in moved["tasks"]] == [reference]
    assert not engine.user("henk").active
    [task] = [t for t in engine.tasks(reference=reference) if t.bpmn_id == "contact_opnemen"]
    assert task.assignee is None  # back in the pool of its role
    mails = [m for m in engine.outbox() if m.kind == "gebruiker_gedeactiveerd"]
    assert [m.to for m in mails] == ["yasmin@example.org"]
    assert reference in mails[0].text and "Henk Jansen" in mails[0].subject

    klacht("users", "activate", "henk")
    password = json.loads(klacht("--json", "users", "reset-password", "henk").stdout)["password"]
    fresh = build_engine(Settings(database_url=db_url))
    assert fresh.check_password("henk", password) is not None
    assert fresh.check_password("henk", "klacht-demo") is None
    fresh.db.dispose()

    events = json.loads(klacht("--json", "users", "history", "henk").stdout)
    assert [e["event"] for e in events] == [
        "password_reset",
        "user_activated",
        "user_deactivated",
        "user_changed",
        "user_added",
    ]
    assert password not in json.dumps(events)


def test_the_last_administrator_cannot_be_deactivated(klacht, engine):
    done = klacht("users", "deactivate", "bram", expect=2)
    assert "minstens één actieve beheerder" in done.stderr
    assert engine.user("bram").active
