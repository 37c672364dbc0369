"""`klacht versions`: list, check, diff, roll back and move complaints from a terminal."""

import json

from click.testing import CliRunner

from webforms.cli import main

from .diagrams import with_contact_term, with_script

NOW = "2026-11-27T10:00:00+01:00"


def klacht(db_url, *args, expect=0):
    result = CliRunner().invoke(main, ["--db", db_url, "--now", NOW, *args])
    assert result.exit_code == expect, result.output
    return result.output


def test_versions_from_the_command_line(engine, procedure, db_url, tmp_path):
    bad, longer = tmp_path / "kwaad.bpmn", tmp_path / "langer.bpmn"
    bad.write_bytes(with_script("import os"))
    longer.write_bytes(with_contact_term("add_working_days(now(), 3).isoformat()"))
    running = procedure.register()

    assert klacht(db_url, "versions", "check", str(bad), expect=2) == (
        "kwartaal_bepalen: het script is geweigerd: 'Import' is niet toegestaan in een diagram\n"
    )
    assert (
        klacht(db_url, "versions", "check", str(longer))
        == "Geen problemen: dit diagram kan worden gedeployed.\n"
    )
    klacht(db_url, "deploy", str(longer), "--as", "pieter", "--comment", "3 dagen")
    listed = json.loads(klacht(db_url, "--json", "versions", "list", "--process", "klachtafhandeling"))
    assert [(v["version"], v["deployed_by"], v["running"]) for v in listed] == [
        (2, "pieter", 0),
        (1, "systeem", 1),
    ]
    assert "termijn: '2 werkdagen' → '3 werkdagen'" in klacht(db_url, "versions", "diff", "1", "2")
    assert klacht(db_url, "versions", "migrate", running, "--to", "2", "--as", "pieter") == (
        f"{running}: omgezet van versie 1 naar versie 2\n"
    )
    klacht(db_url, "versions", "migrate", running, "--to", "1", "--as", "pieter", expect=2)
    assert klacht(db_url, "versions", "rollback", "1", "--as", "pieter").startswith(
        "klachtafhandeling: versie 3"
    )
    assert "heeft geen versie 9" in klacht(db_url, "versions", "diff", "1", "9", expect=2)
