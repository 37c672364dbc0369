"""The audit trail is append-only and chained: a change made behind the engine's back is found."""

import pytest
from sqlalchemy import text

from engine.models import AuditEvent


def test_an_intact_trail_verifies(procedure, engine):
    ref = procedure.register()
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    check = engine.verify_audit()
    assert check.intact and check.events == len(procedure.events(ref))


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_events SET actor = 'henk' WHERE id = {id}",
        "UPDATE audit_events SET data_after = '{{\"approved\": false}}' WHERE id = {id}",
        "DELETE FROM audit_events WHERE id = {previous}",
    ],
)
def test_a_row_edited_in_the_database_is_named(procedure, engine, tamper):
    ref = procedure.register()
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    completed = next(e for e in procedure.events(ref) if e.event == "task_completed")
    with engine.db.read() as session:
        event_id = (
            session.query(AuditEvent.id).filter_by(task_id=completed.task_id, event="task_completed").scalar()
        )
    with engine.db.writer.begin() as connection:
        connection.execute(text(tamper.format(id=event_id, previous=event_id - 1)))
    check = engine.verify_audit()
    assert not check.intact
    assert check.broken_id == event_id
    assert check.broken_reference == ref


def test_the_engine_refuses_to_rewrite_history(engine, procedure):
    procedure.register()
    with pytest.raises(RuntimeError, match="append-only"), engine.db.write() as session:
        session.query(AuditEvent).first().actor = "iemand"
