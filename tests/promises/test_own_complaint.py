"""The service employee never acts in their own complaint beyond registering it: the rule table
(role x step x "is the service employee" -> allowed/refused) checked against the engine, and the
paths that apply it (completing, claiming, cancelling, inboxes, API, command line)."""

import json

import pytest

from engine.errors import NotAllowed
from process.rules import OWN_COMPLAINT
from webforms.cli import add_demo_users
from webforms.composition import install

from ..conftest import DATABASES, FRIDAY_MORNING, Procedure, fresh_database, fresh_engine
from ..test_cli import REGISTRATION as CLI_REGISTRATION
from ..test_cli import klacht  # noqa: F401  (the command line fixture)

ROLES = ("contactpersoon", "relatiemanager", "afhandelaar", "auditor")
PERSON = {"contactpersoon": "cp", "relatiemanager": "rm", "afhandelaar": "af", "auditor": "au"}
# step -> the roles that may take it when they did not deliver the service themselves
ALLOWED = {
    "akkoord_klager": {"contactpersoon", "relatiemanager"},
    "registratie_corrigeren": {"contactpersoon", "relatiemanager"},
    "afhandelaar_bepalen": {"relatiemanager"},
    "contact_opnemen": {"afhandelaar"},
    "escalatie_contact": {"relatiemanager"},
    "afhandeling_rapporteren": {"afhandelaar"},
    "tevredenheid_controleren": {"contactpersoon", "relatiemanager"},
    "opnieuw_oplossen": {"afhandelaar"},
}


def _walk(procedure, ref, step, handler):
    """Take complaint `ref` to where `step` is ready (yasmin, who is nobody's service employee,
    and the handler do the work)."""
    if step == "akkoord_klager":
        return
    answer = (
        {"approved": True} if step != "registratie_corrigeren" else {"approved": False, "corrections": "Fout"}
    )
    procedure.do(ref, "akkoord_klager", "yasmin", **answer)
    if step in ("registratie_corrigeren", "afhandelaar_bepalen"):
        return
    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler=handler)
    if step in ("contact_opnemen", "escalatie_contact"):
        return
    procedure.do(ref, "contact_opnemen", handler, contact_summary="Gebeld", outcome="opgelost")
    if step == "afhandeling_rapporteren":
        return
    procedure.do(ref, "afhandeling_rapporteren", handler, resolution="Opgelost", procedure_change=False)
    if step == "opnieuw_oplossen":
        procedure.do(ref, "tevredenheid_controleren", "yasmin", satisfied=False, satisfaction_remarks="Nee")


@pytest.fixture(scope="module", params=DATABASES)
def table(request, tmp_path_factory):
    """Per step, per service employee (None or a role's person), a complaint where it is ready."""
    with fresh_database(request.param, tmp_path_factory.mktemp("table")) as url:
        engine = fresh_engine(url)
        install(engine)
        add_demo_users(engine)
        for role, login in [*PERSON.items(), ("afhandelaar", "af2")]:
            engine.add_user(
                login=login,
                name=f"Collega {login}",
                function=role.title(),
                email=f"{login}@example.org",
                password="geheim-wachtwoord",
                roles=[role],
            )
        procedure = Procedure(engine)
        tasks = {}
        for step in ALLOWED:
            for employee in (None, *PERSON.values()):
                if step == "escalatie_contact":  # ready beside contact_opnemen
                    tasks[step, employee] = tasks["contact_opnemen", employee]
                    continue
                ref = procedure.register("cp", service_employee=employee or "onbekend")
                _walk(procedure, ref, step, handler="af2" if employee == "af" else "af")
                tasks[step, employee] = ref
        engine.clock.set(FRIDAY_MORNING.replace(day=2, month=12))  # every contact term has passed
        engine.fire_due_timers()
        refs = {key: ref for key, ref in tasks.items()}
        tasks = {key: procedure.task(ref, key[0]).id for key, ref in tasks.items()}
        yield engine, tasks, refs
        engine.db.dispose()


@pytest.mark.parametrize("is_service_employee", [False, True], ids=["colleague", "service-employee"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(ALLOWED))
def test_rule_table(table, step, role, is_service_employee):
    engine, tasks, refs = table
    login = PERSON[role]
    refusal = engine.refusal(tasks[step, login if is_service_employee else None], login)
    allowed = role in ALLOWED[step] and not is_service_employee
    assert (refusal is None) == allowed, refusal
    if is_service_employee and role in ALLOWED[step]:
        # The handler's steps belong to the other handler, whose complaint this service
        # employee may not even see; everyone else is told the rule.
        unseen = f"'{refs[step, login]}' bestaat niet of is voor u afgeschermd."
        assert refusal == (OWN_COMPLAINT if role != "afhandelaar" else unseen)


def test_the_service_employee_may_register_but_not_approve_claim_cancel_or_see_the_tasks(procedure, engine):
    ref = procedure.register("carla", service_employee="carla")  # she took the call about herself
    mine = procedure.register("carla", service_employee="henk")
    approval = procedure.task(ref, "akkoord_klager")
    with pytest.raises(NotAllowed, match="alleen registreren"):
        engine.complete_task(approval.id, "carla", {"approved": True})
    with pytest.raises(NotAllowed, match="alleen registreren"):
        engine.claim(approval.id, "carla")
    assert [t.reference for t in engine.tasks(login="carla")] == [mine]
    assert [r.task.reference for r in engine.inbox("carla", scope="roles").rows] == [mine]
    procedure.do(ref, "akkoord_klager", "yasmin", approved=True)
    registered = procedure.register("yasmin", service_employee="yasmin")
    with pytest.raises(NotAllowed, match="alleen registreren"):
        engine.cancel(registered, "yasmin", "Ingetrokken")
    assert engine.complete_task_as_complainant(
        procedure.task(registered, "akkoord_klager").id, {"approved": True}
    )


def test_on_the_command_line_the_service_employee_is_refused_and_a_handler_reassigned(klacht):  # noqa: F811
    ref = klacht.json(
        "complaints", "start", "--as", "carla", "--data", _registration(service_employee="carla")
    )
    reference = ref["reference"]
    [task_id] = [t["id"] for t in ref["tasks"] if t["task"] == "akkoord_klager"]
    done = klacht.run("tasks", "complete", task_id, "--as", "carla", "--data", '{"approved": true}', expect=2)
    assert "alleen registreren" in done.stderr
    klacht.complete(reference, "akkoord_klager", "yasmin", approved=True)
    klacht.complete(reference, "afhandelaar_bepalen", "yasmin", handler="henk")
    moved = klacht.json(
        "complaints",
        "reassign",
        reference,
        "--handler",
        "yasmin",
        "--as",
        "yasmin",
        "--reason",
        "Henk is ziek",
    )
    assert moved["data"]["handler"] == "yasmin"
    assert [(t["task"], t["assignee"]) for t in moved["tasks"]] == [("contact_opnemen", "yasmin")]
    refused = klacht.run(
        "complaints", "reassign", reference, "--handler", "carla", "--as", "yasmin", "--reason", "x", expect=2
    )
    assert "klacht-afhandelaar" in refused.stderr


def _registration(**changes):
    return json.dumps({**CLI_REGISTRATION, **changes})
