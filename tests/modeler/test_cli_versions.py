"""`klacht versions`: list, check, diff, roll back and move complaints from a terminal."""

import json

import pytest
from click.testing import CliRunner

from webforms import cli
from webforms.composition import build_engine

from .diagrams import with_contact_term, with_script

NOW = "2026-11-27T10:00:00+01:00"


@pytest.fixture
def klacht(db_url, monkeypatch):
    """Runs `klacht` in this process, closing the database connections each command opened."""
    built = []
    monkeypatch.setattr(
        cli, "build_engine", lambda settings: built.append(build_engine(settings)) or built[-1]
    )

    def run(*args, expect=0):
        result = CliRunner().invoke(cli.main, ["--db", db_url, "--now", NOW, *args])
        while built:
            built.pop().db.dispose()
        assert result.exit_code == expect, result.output
        return result.output

    return run


def test_versions_from_the_command_line(engine, procedure, klacht, tmp_path):
    bad, longer = tmp_path / "kwaad.bpmn", tmp_path / "langer.bpmn"
    bad.write_bytes(with_script("import os"))
    longer.write_bytes(with_contact_term("add_working_days(now(), 3).isoformat()"))
    running = procedure.register()

    assert klacht("versions", "check", str(bad), expect=2) == (
        "kwartaal_bepalen: het script is geweigerd: 'Import' is niet toegestaan in een diagram\n"
    )
    checked = klacht("versions", "check", str(longer))
    assert checked == "Geen problemen: dit diagram kan in gebruik worden genomen.\n"
    klacht("deploy", str(longer), "--as", "pieter", "--comment", "3 dagen")
    listed = json.loads(klacht("--json", "versions", "list", "--process", "klachtafhandeling"))
    assert [(v["version"], v["deployed_by"], v["running"]) for v in listed] == [
        (2, "pieter", 0),
        (1, "systeem", 1),
    ]
    assert "termijn: '2 werkdagen' → '3 werkdagen'" in klacht("versions", "diff", "1", "2")
    assert klacht("versions", "migrate", running, "--to", "2", "--as", "pieter") == (
        f"{running}: omgezet van versie 1 naar versie 2\n"
    )
    klacht("versions", "migrate", running, "--to", "1", "--as", "pieter", expect=2)
    assert klacht("versions", "rollback", "1", "--as", "pieter").startswith("klachtafhandeling: versie 3")
    assert "heeft geen versie 9" in klacht("versions", "diff", "1", "9", expect=2)
