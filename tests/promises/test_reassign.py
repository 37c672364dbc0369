"""Reassigning the handler: the assignment's rules, open tasks move, both handlers are told, the
audit trail keeps the reason. And the handler is mailed when asked to re-resolve."""

import pytest

from engine.errors import InvalidFormData, NotAllowed, NotFound
from process.rules import OWN_COMPLAINT


def mails(engine, kind):
    return [m for m in reversed(engine.outbox()) if m.kind == kind]


def test_reassigning_moves_the_open_task_and_every_later_one(procedure, engine):
    ref = procedure.register(service_employee="onbekend")
    procedure.to_contact(ref, handler="henk")
    engine.reassign(ref, "yasmin", "yasmin", "Henk is drie weken ziek")
    complaint = engine.instance(ref)
    assert (complaint.data["handler"], complaint.data["handler_name"]) == ("yasmin", "Yasmin Asrafali")
    assert [(t.bpmn_id, t.assignee) for t in complaint.tasks] == [("contact_opnemen", "yasmin")]
    [event] = procedure.events(ref, "handler_reassigned")
    assert (event.actor, event.details["reason"], event.details["from"], event.details["to"]) == (
        "yasmin",
        "Henk is drie weken ziek",
        "henk",
        "yasmin",
    )
    [new] = mails(engine, "overdracht")
    [old] = mails(engine, "overdracht_vorige")
    assert new.to == "yasmin@example.org" and "Henk is drie weken ziek" in new.text
    assert old.to == "henk@example.org" and "Yasmin Asrafali" in old.text
    with pytest.raises(NotFound):  # no longer his: he does not even see it
        procedure.do(ref, "contact_opnemen", "henk", contact_summary="Gebeld", outcome="opgelost")
    procedure.do(ref, "contact_opnemen", "yasmin", contact_summary="Gebeld", outcome="opgelost")
    assert procedure.task(ref, "afhandeling_rapporteren").assignee == "yasmin"  # a later step too


def test_reassigning_keeps_the_rules_of_the_assignment(procedure, engine):
    ref = procedure.register()  # henk delivered the service
    with pytest.raises(NotAllowed, match="nog geen afhandelaar"):
        engine.reassign(ref, "yasmin", "yasmin", "Te vroeg")
    procedure.to_contact(ref, handler="yasmin")
    with pytest.raises(InvalidFormData) as refused:
        engine.reassign(ref, "yasmin", "henk", "Yasmin heeft het te druk")
    assert "verleende de dienst" in refused.value.fields["handler"]
    with pytest.raises(InvalidFormData) as refused:
        engine.reassign(ref, "yasmin", "carla", "   ")
    assert set(refused.value.fields) == {"reason", "handler"}  # no reason; carla is no handler
    with pytest.raises(NotAllowed, match="relatiemanager"):
        engine.reassign(ref, "henk", "henk", "Ik neem het over")
    assert engine.instance(ref).data["handler"] == "yasmin"
    assert procedure.events(ref, "handler_reassigned") == []


def test_the_service_employee_cannot_reassign_their_own_complaint(procedure, engine):
    ref = procedure.register(service_employee="yasmin")
    engine.add_user(
        login="ria",
        name="Ria Relatie",
        function="Relatiemanager",
        email="ria@example.org",
        password="geheim-wachtwoord",
        roles=["relatiemanager", "afhandelaar"],
    )
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    procedure.do(ref, "afhandelaar_bepalen", "ria", handler="henk")
    with pytest.raises(NotAllowed) as refused:
        engine.reassign(ref, "yasmin", "ria", "Henk is ziek")
    assert refused.value.message == OWN_COMPLAINT


def test_the_handler_is_mailed_the_complainants_reason_when_asked_to_re_resolve(procedure, engine):
    ref = procedure.register(service_employee="onbekend")
    procedure.to_satisfaction_check(ref, handler="henk")
    assert mails(engine, "heroplossing") == []
    procedure.do(
        ref,
        "tevredenheid_controleren",
        "yasmin",
        satisfied=False,
        satisfaction_remarks="Nog steeds geen excuses",
    )
    [mail] = mails(engine, "heroplossing")
    assert mail.to == "henk@example.org" and "Nog steeds geen excuses" in mail.text and ref in mail.subject
