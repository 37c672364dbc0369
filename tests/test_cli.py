"""The `klacht` command line drives a complaint through all five steps, each call a new process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KLACHT = str(Path(sys.executable).with_name("klacht"))
REGISTRATION = {
    "complainant_name": "Jan de Klager",
    "complainant_email": "jan@example.org",
    "description": "Drie keer niet teruggebeld",
    "channel": "telefoon",
    "category": "dienstverlening",
    "service_employee": "henk",
}


class Klacht:
    def __init__(self, db_url, cwd):
        self.env = {**os.environ, "KLACHT_DATABASE_URL": db_url}
        self.env.pop("KLACHT_NOW", None)
        self.cwd = cwd
        self.now = "2026-11-27T10:00:00+01:00"
        self.ready = {}  # reference -> its ready tasks, as the last command printed them

    def run(self, *args, expect=0):
        done = subprocess.run(
            [KLACHT, "--now", self.now, *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == expect, done.stderr
        return done

    def json(self, *args):
        return json.loads(self.run("--json", *args).stdout)

    def task_id(self, reference, bpmn_id):
        ready = self.ready.pop(reference, None) or self.json("tasks", "list", "--complaint", reference)
        [task] = [t for t in ready if t["task"] == bpmn_id]
        return task["id"]

    def complete(self, reference, bpmn_id, actor, **data):
        task_id = self.task_id(reference, bpmn_id)
        done = self.json("tasks", "complete", task_id, "--as", actor, "--data", json.dumps(data))
        self.ready[reference] = done["complaint"]["tasks"]
        return done


@pytest.fixture
def klacht(db_url, tmp_path):
    cli = Klacht(db_url, tmp_path)
    cli.run("init", "--demo")
    return cli


def test_a_complaint_through_all_five_steps_on_the_command_line(klacht):
    started = klacht.json("complaints", "start", "--as", "carla", "--data", json.dumps(REGISTRATION))
    ref = started["reference"]
    assert (ref, started["status"]) == ("KL-2026-0001", "open")
    assert klacht.run("complaints", "list").stdout.startswith(ref)

    klacht.complete(ref, "akkoord_klager", "carla", approved=False, corrections="Naam verkeerd")
    klacht.complete(ref, "registratie_corrigeren", "carla", **REGISTRATION)
    klacht.complete(ref, "akkoord_klager", "carla", approved=True)
    done = klacht.complete(ref, "afhandelaar_bepalen", "yasmin", handler="yasmin")
    [contact] = done["complaint"]["tasks"]
    assert (contact["task"], contact["assignee"], contact["due"]) == (
        "contact_opnemen",
        "yasmin",
        "2026-12-01T23:59:59+01:00",
    )

    klacht.now = "2026-12-02T09:00:00+01:00"
    klacht.ready.clear()
    fired = klacht.json("timers", "fire")
    assert [(f["complaint"], f["element"]) for f in fired] == [(ref, "termijn_contact")]
    tasks = klacht.json("tasks", "list", "--as", "yasmin")
    assert {t["task"] for t in tasks} == {"contact_opnemen", "escalatie_contact"}
    shown = klacht.json("tasks", "show", klacht.task_id(ref, "escalatie_contact"))
    assert shown["schema"]["required"] == ["escalation_action"]

    klacht.complete(ref, "escalatie_contact", "yasmin", escalation_action="Afhandelaar aangesproken")
    klacht.complete(ref, "contact_opnemen", "yasmin", contact_summary="Gebeld", outcome="opgelost")
    klacht.complete(ref, "afhandeling_rapporteren", "yasmin", resolution="Excuses", procedure_change=False)
    klacht.complete(ref, "tevredenheid_controleren", "carla", satisfied=False, satisfaction_remarks="Nee")
    klacht.complete(ref, "opnieuw_oplossen", "yasmin", re_resolution="Teruggebeld en opgelost")
    klacht.complete(ref, "tevredenheid_controleren", "carla", satisfied=True)

    shown = klacht.json("complaints", "show", ref)
    assert (shown["status"], shown["tasks"]) == ("closed", [])
    assert shown["data"]["handler_name"] == "Yasmin Asrafali"
    events = [(e["event"], e["task"]) for e in klacht.json("history", ref)]
    assert ("timer_fired", "termijn_contact") in events
    assert ("task_completed", "escalatie_contact") in events
    assert [t for e, t in events if e == "task_completed"].count("tevredenheid_controleren") == 2
    assert events[-1] == ("closed", None)
    history = klacht.run("history", ref).stdout
    assert "carla namens klager" in history and "Escalatie" in history

    klacht.now = "2027-01-01T00:00:00+01:00"
    fired = klacht.json("timers", "fire")
    assert [(f["event"], f["complaint"]) for f in fired] == [("process_started", "KW-2027-0001")]
    assert [t["task"] for t in klacht.json("tasks", "list", "--as", "yasmin")] == ["analyse_opstellen"]


def test_refusals_say_why_on_stderr_exit_2_and_change_nothing(klacht):
    bad = klacht.run("complaints", "start", "--as", "carla", "--data", '{"complainant_name": ""}', expect=2)
    assert "Fout: De ingevulde gegevens zijn niet geldig." in bad.stderr
    assert "description: Dit veld is verplicht." in bad.stderr
    assert bad.stdout == ""
    wrong_json = klacht.run("complaints", "start", "--as", "carla", "--data", "{nee", expect=2)
    assert "geen geldige JSON" in wrong_json.stderr
    assert klacht.run(
        "complaints", "start", "--as", "nobody", "--data", json.dumps(REGISTRATION), expect=2
    ).stderr.startswith("Fout: Gebruiker 'nobody' bestaat niet.")
    assert "bestaat niet" in klacht.run("complaints", "show", "KL-2026-0099", expect=2).stderr
    assert "tijdzone" in klacht.run("--now", "2026-12-01T10:00", "tasks", "list", expect=2).stderr
    as_json = json.loads(klacht.run("--json", "tasks", "complete", "nope", "--as", "carla", expect=2).stderr)
    assert as_json["error"]["code"] == "NotFound"
    assert klacht.json("complaints", "list") == []


def test_users_are_added_and_listed(klacht):
    klacht.run(
        "users",
        "add",
        "mila",
        "--name",
        "Mila Smit",
        "--function",
        "Teamleider",
        "--email",
        "mila@example.org",
        "--password",
        "lang-genoeg",
        "--role",
        "afhandelaar",
        "--role",
        "contactpersoon",
    )
    users = {u["login"]: u for u in klacht.json("users", "list")}
    assert users["mila"]["roles"] == ["afhandelaar", "contactpersoon"]
    assert users["mila"]["function"] == "Teamleider"
    refused = klacht.run(
        "users",
        "add",
        "mila",
        "--name",
        "M",
        "--function",
        "F",
        "--email",
        "m@x.nl",
        "--password",
        "lang-genoeg",
        "--role",
        "auditor",
        expect=2,
    )
    assert "bestaat al" in refused.stderr
