"""Side effects come after the user's work and never undo it. A step writes its mail to the
outbox in its own transaction; sending happens later, from the scheduler. An SMTP server that is
down or refuses does not roll back what a user completed: the mail waits, is retried with backoff,
and goes out once when the server is back. Likewise one complaint whose timer step fails does not
hold up the other complaints' terms or anyone's mail."""

import logging
from datetime import datetime, timedelta

import pytest
from jinja2.exceptions import UndefinedError

from engine.scheduler import TimerScheduler
from process.calendar import AMSTERDAM
from process.mail import Notifier

from ..conftest import fresh_engine
from ..test_mail import transport


def local(*parts):
    return datetime(*parts, tzinfo=AMSTERDAM)


@pytest.mark.parametrize("failure", ["down", "refusing"])
def test_a_failing_smtp_server_keeps_the_users_work_and_the_mail_goes_out_once_it_is_back(
    procedure, engine, db_url, smtp, failure
):
    if failure == "refusing":
        smtp.inbox.refusing = True
        smtp.up()
    scheduler = TimerScheduler(engine, transport(smtp.port))
    start = engine.clock.now()

    ref = procedure.register(service_employee="pieter")  # so henk may handle it
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    assert {(m.status, m.attempts) for m in engine.outbox()} == {("pending", 0)}  # not sent by the step
    assert scheduler.tick() == []
    first = engine.outbox()
    assert sorted(m.kind for m in first) == ["akkoord", "ontvangstbevestiging"]
    assert {(m.status, m.attempts) for m in first} == {("pending", 1)}
    error = "ConnectionRefusedError" if failure == "down" else "SMTPDataError"
    assert all(error in m.last_error for m in first)

    # The approval is stored, seen by any other worker, and the procedure goes on.
    other = fresh_engine(db_url, start)
    try:
        approval = other.task(procedure.events(ref, "task_completed")[0].task_id)
        assert (approval.bpmn_id, approval.state, approval.completed_by) == (
            "akkoord_klager",
            "completed",
            "carla",
        )
        assert other.instance(ref).data["approved"] is True
        assert [t.bpmn_id for t in other.tasks(reference=ref)] == ["afhandelaar_bepalen"]
    finally:
        other.db.dispose()
    procedure.at(start + timedelta(seconds=30))
    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="henk")
    assert procedure.ready(ref) == ["contact_opnemen"]
    scheduler.tick()  # only the new assignment mail is due; the others back off
    attempts = {m.kind: m.attempts for m in engine.outbox()}
    assert attempts == {"akkoord": 1, "ontvangstbevestiging": 1, "toewijzing": 1}
    assert smtp.inbox.received == []

    if failure == "down":
        smtp.up()
    else:
        smtp.inbox.refusing = False
    procedure.at(start + timedelta(minutes=2))  # past every backoff
    scheduler.tick()
    assert {(m.kind, m.status, m.attempts) for m in engine.outbox()} == {
        ("akkoord", "sent", 2),
        ("ontvangstbevestiging", "sent", 2),
        ("toewijzing", "sent", 2),
    }
    procedure.at(start + timedelta(hours=2))
    scheduler.tick()
    received = sorted((rcpt[0], message["Subject"]) for rcpt, message in smtp.inbox.received)
    assert received == [
        ("henk@example.org", f"Klacht {ref} aan u toegewezen"),
        ("jan@example.org", f"Controleer uw klacht {ref}"),
        ("jan@example.org", f"Ontvangstbevestiging van uw klacht {ref}"),
    ]
    assert smtp.inbox.refused == (3 if failure == "refusing" else 0)
    check = engine.verify_audit(ref)
    assert check.intact, check.reason


def test_one_complaint_whose_timer_step_fails_holds_up_neither_other_terms_nor_mail(
    procedure, engine, smtp, monkeypatch, caplog
):
    procedure.at(local(2026, 11, 26, 10, 0))  # Thursday: this one's contact term ends first
    broken = procedure.register()
    procedure.to_contact(broken)
    procedure.at(local(2026, 11, 27, 10, 0))
    others = [procedure.register() for _ in range(2)]
    for ref in others:
        procedure.to_contact(ref)

    render = Notifier.__call__

    def template_bug(self, notice):
        # A mail template that fails for one case's data, as a template error would.
        if notice.reference == broken and notice.name == "escalatie_contact":
            raise UndefinedError("'dict object' has no attribute 'handler_name'")
        return render(self, notice)

    monkeypatch.setattr(Notifier, "__call__", template_bug)
    smtp.up()
    scheduler = TimerScheduler(engine, transport(smtp.port))
    procedure.at(local(2026, 12, 2, 9, 0))
    with caplog.at_level(logging.ERROR):
        fired = scheduler.tick()

    assert any(record.levelno >= logging.ERROR for record in caplog.records)  # not silent
    assert sorted(f.reference for f in fired) == others
    for ref in others:
        assert procedure.ready(ref) == ["contact_opnemen", "escalatie_contact"]
    assert procedure.ready(broken) == ["contact_opnemen"]
    assert procedure.events(broken, "timer_fired") == []
    assert {m.status for m in engine.outbox()} == {"sent"}  # the mail went out in the same tick

    monkeypatch.setattr(Notifier, "__call__", render)  # the template is repaired
    assert [f.reference for f in scheduler.tick()] == [broken]  # its term still fires, once
    assert procedure.ready(broken) == ["contact_opnemen", "escalatie_contact"]
    assert scheduler.tick() == []
    assert len(procedure.events(broken, "timer_fired")) == 1
