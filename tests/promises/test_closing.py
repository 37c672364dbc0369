"""One meaning of closed: the satisfied answer closes the complaint everywhere at once; escalation
tasks end with it; a pending procedure change goes on in the corrective-action register."""

from datetime import datetime

import pytest
from sqlalchemy import text

from engine.errors import InvalidFormData, NotAllowed
from process.calendar import AMSTERDAM


def local(*parts):
    return datetime(*parts, tzinfo=AMSTERDAM)


def test_closing_with_a_pending_procedure_change_closes_once_and_registers_the_change(procedure, engine):
    ref = procedure.register(service_employee="onbekend")
    procedure.to_satisfaction_check(
        ref,
        handler="henk",
        procedure_change=True,
        procedure_change_description="Terugbelverzoeken binnen een dag",
        procedure_change_term="2028-01-05",
    )
    procedure.at(local(2026, 12, 8, 9))  # the check's 5 working days have passed: escalated
    procedure.fire()
    assert procedure.ready(ref) == ["escalatie_tevredenheid", "tevredenheid_controleren"]
    procedure.do(ref, "tevredenheid_controleren", "yasmin", satisfied=True)

    complaint = engine.instance(ref)
    assert (complaint.status, complaint.closed_at, complaint.tasks) == ("closed", local(2026, 12, 8, 9), [])
    assert complaint.closed_at == engine.instances("klachtafhandeling", "closed")[0].closed_at
    cancelled = [e.task for e in procedure.events(ref, "task_cancelled")]
    assert cancelled == ["escalatie_tevredenheid"]  # ends with the complaint, recorded
    assert engine.next_due() == local(2027, 1, 1)  # the next quarter's start; nothing waits for 2028
    [action] = engine.follow_ups("anna")  # the auditor reads the register
    assert (action.reference, action.due.isoformat(), action.status, action.owner) == (
        ref,
        "2028-01-05",
        "due",
        "henk",
    )
    assert procedure.events(ref)[-1].event == "follow_up_opened"

    procedure.at(local(2028, 1, 6, 9))
    assert [a.status for a in engine.follow_ups("yasmin")] == ["overdue"]
    with pytest.raises(NotAllowed):
        engine.complete_follow_up(action.id, "anna", "Gedaan")  # the auditor changes nothing
    with pytest.raises(InvalidFormData):
        engine.complete_follow_up(action.id, "pieter", "  ")
    done = engine.complete_follow_up(action.id, "pieter", "Werkinstructie aangepast")
    assert (done.status, done.done_by) == ("done", "pieter")
    assert engine.follow_ups("yasmin", "overdue") == []
    with pytest.raises(NotAllowed):
        engine.follow_ups("henk")  # not for handlers
    assert engine.verify_audit(ref).broken_id is None


def test_satisfied_without_a_procedure_change_registers_nothing(procedure, engine):
    ref = procedure.register(service_employee="onbekend")
    procedure.to_satisfaction_check(ref, handler="henk")
    procedure.do(ref, "tevredenheid_controleren", "yasmin", satisfied=True)
    assert engine.instance(ref).status == "closed"
    assert engine.follow_ups("yasmin") == []


def test_the_migration_closes_complaints_that_stayed_open_after_the_satisfied_answer(
    procedure, engine, db_url
):
    ref = procedure.register(service_employee="onbekend")
    procedure.to_satisfaction_check(
        ref,
        procedure_change=True,
        procedure_change_description="Belscript",
        procedure_change_term="2027-02-01",
    )
    procedure.at(local(2026, 12, 3, 14))
    procedure.do(ref, "tevredenheid_controleren", "yasmin", satisfied=True)
    closed_at = engine.instance(ref).closed_at
    # As it stood before 0010: open, a follow-up task still ready, no register.
    with engine.db.writer.begin() as connection:
        connection.execute(text("DELETE FROM follow_ups"))
        connection.execute(text("DROP TABLE follow_ups"))
        connection.execute(text("UPDATE instances SET status = 'open', closed_at = NULL"))
        connection.execute(
            text("UPDATE tasks SET state = 'ready' WHERE bpmn_id = 'tevredenheid_controleren'")
        )
        connection.execute(text("UPDATE alembic_version SET version_num = '0009_search_texts'"))
    engine.db.upgrade()
    complaint = engine.instance(ref)
    assert (complaint.status, complaint.closed_at, complaint.tasks) == ("closed", closed_at, [])
    [action] = engine.follow_ups("yasmin")
    assert (action.reference, action.due.isoformat(), action.description) == (ref, "2027-02-01", "Belscript")
