"""The handler records the contact at the very moment the contact term (2 working days) ends and
the scheduler fires its timer. Whatever order the two end up in, the complaint has one consistent
story: either the contact came first and the term's timer is gone, or the timer fired (once:
one escalation task, one pair of mails) and the contact is still recorded, if need be after a
clear ConcurrentUpdate and a second attempt. Nothing is doubled, nothing is lost."""

import threading
from collections import Counter
from datetime import timedelta

from engine.errors import ConcurrentUpdate
from process.calendar import DEFAULT, local_date

from ..conftest import fresh_engine
from .conftest import stored_state

ROUNDS = 10
CONTACT = {"contact_summary": "Gebeld, excuses aangeboden.", "outcome": "opgelost"}
WAKE = timedelta(seconds=1)  # the scheduler wakes one second after a term ends


def awaiting_contact_on_successive_working_days(procedure, count):
    """Complaints assigned to yasmin one working day apart, so each contact term ends on its own."""
    references = []
    while len(references) < count:
        if DEFAULT.is_working_day(local_date(procedure.engine.clock.now())):
            ref = procedure.register()
            procedure.to_contact(ref)
            references.append(ref)
        procedure.at(procedure.engine.clock.now() + timedelta(days=1))
    return references


def race(user, timer, task_id):
    """The handler completes the contact task while the scheduler fires due timers, released
    together; returns (completion result or error, timers fired or error)."""
    barrier = threading.Barrier(2)
    outcome = {}

    def complete():
        barrier.wait()
        try:
            outcome["user"] = user.complete_task(task_id, "yasmin", CONTACT)
        except Exception as error:
            outcome["user"] = error

    def fire():
        barrier.wait()
        try:
            outcome["timer"] = timer.fire_due_timers()
        except Exception as error:
            outcome["timer"] = error

    threads = [threading.Thread(target=complete), threading.Thread(target=fire)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome["user"], outcome["timer"]


def one_story(engine, db_url, ref, fired) -> str:
    """Assert the complaint tells one consistent story; returns which one."""
    history = engine.history(ref)
    timer_fired = [e for e in history if e.event == "timer_fired"]
    assert len(timer_fired) <= 1
    escalated = len(timer_fired)
    assert [e.element for e in fired if e.reference == ref] == ["termijn_contact"] * escalated

    [contact] = [e for e in history if e.event == "task_completed" and e.task == "contact_opnemen"]
    assert (contact.actor, contact.data_after) == ("yasmin", CONTACT)
    assert engine.instance(ref).data["contact_summary"] == CONTACT["contact_summary"]

    rows = Counter((bpmn_id, state) for _, bpmn_id, state, *_ in stored_state(db_url, ref)["tasks"])
    assert rows[("contact_opnemen", "completed")] == 1
    assert rows[("afhandeling_rapporteren", "ready")] == 1
    assert rows[("escalatie_contact", "ready")] == escalated
    assert sum(rows.values()) == 4 + escalated  # akkoord_klager, afhandelaar_bepalen and the above
    created = Counter(e.task for e in history if e.event == "task_created")
    assert all(count == 1 for count in created.values()), created
    assert [e for e in history if e.event == "task_cancelled"] == []

    mails = Counter(m.kind for m in engine.outbox() if m.reference == ref)
    assert (mails["toewijzing"], mails["escalatie"], mails["herinnering"]) == (1, escalated, escalated)
    check = engine.verify_audit(ref)
    assert check.intact, check.reason
    return "timer first" if escalated else "contact first"


def test_contact_recorded_while_its_term_fires_gives_one_consistent_outcome(procedure, engine, db_url):
    references = awaiting_contact_on_successive_working_days(procedure, ROUNDS)
    user, timer = fresh_engine(db_url), fresh_engine(db_url)
    outcomes = Counter()
    try:
        for ref in references:
            task = procedure.task(ref, "contact_opnemen")
            for each in (user, timer, engine):
                each.clock.set(task.due + WAKE)
            done, fired = race(user, timer, task.id)

            assert not isinstance(fired, Exception), f"firing the timers failed: {fired!r}"
            if isinstance(done, ConcurrentUpdate):
                # Only a timer that got there first may send the handler back, and the refused
                # attempt left nothing behind; the second attempt goes through.
                assert [e.reference for e in fired] == [ref]
                assert procedure.ready(ref) == ["contact_opnemen", "escalatie_contact"]
                assert "contact_summary" not in engine.instance(ref).data
                user.complete_task(task.id, "yasmin", CONTACT)
                assert one_story(engine, db_url, ref, fired) == "timer first"
                outcomes["timer first, contact refused once"] += 1
            else:
                assert not isinstance(done, Exception), f"the contact was refused: {done!r}"
                outcomes[one_story(engine, db_url, ref, fired)] += 1
            assert timer.fire_due_timers() == []  # the term never fires late or twice
    finally:
        user.db.dispose()
        timer.db.dispose()

    if engine.db.is_sqlite:
        assert outcomes["timer first, contact refused once"] == 0  # writers queue; nobody is sent back
