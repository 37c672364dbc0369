"""Many people completing tasks at the same moment, each through their own engine (as separate
workers would): nobody sees "database is locked", every completion is stored, the audit chains
stay intact. On SQLite this rests on WAL, a busy timeout and write transactions that take the
write lock when they begin; the first test checks those settings on real connections."""

import sqlite3
import threading
from datetime import datetime

import pytest
from sqlalchemy import text

from engine.errors import ConcurrentUpdate, TaskAlreadyCompleted
from process.calendar import AMSTERDAM
from webforms.composition import install

from ..conftest import fresh_engine

# The contact term of the complaints assigned on Friday 27 November has passed.
WEDNESDAY = datetime(2026, 12, 2, 9, 0, tzinfo=AMSTERDAM)
DISTINCT = 20


def test_sqlite_connections_use_wal_a_busy_timeout_and_take_the_write_lock_at_begin(tmp_path):
    path = tmp_path / "klacht.db"
    engine = fresh_engine(f"sqlite:///{path}")
    install(engine)
    for pool in (engine.db.reader, engine.db.writer):
        with pool.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with engine.db.write() as session:
            session.execute(text("SELECT 1"))  # only a read: a deferred BEGIN would hold no lock yet
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # the lock went with the commit
        other.execute("ROLLBACK")
        with engine.db.read() as session:
            session.execute(text("SELECT count(*) FROM instances")).scalar()
            other.execute("BEGIN IMMEDIATE")  # a reader holds no write lock
            other.execute("ROLLBACK")
    finally:
        other.close()
        engine.db.dispose()


def run_at_once(db_url, jobs):
    """Run each (task id, actor, data) through its own engine, all released by one barrier.
    Returns per job the TaskView or the exception it raised (whatever it was)."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def work(index, task_id, actor, data):
        engine = fresh_engine(db_url, WEDNESDAY)
        try:
            engine.tasks(reference=None, login=actor)  # connect and warm up before the start signal
            barrier.wait()
            results[index] = engine.complete_task(task_id, actor, data)
        except Exception as error:  # kept, so the test can say exactly what went wrong
            results[index] = error
        finally:
            engine.db.dispose()

    threads = [threading.Thread(target=work, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_workers_completing_at_once_lose_nothing_and_see_no_lock_errors(procedure, engine, db_url):
    distinct = [procedure.register() for _ in range(DISTINCT)]
    shared_task = procedure.register()  # two people approve the same task at once
    two_tasks = procedure.register()  # the handler and the manager each finish their own task at once
    procedure.to_contact(two_tasks)
    procedure.at(WEDNESDAY)
    assert [f.reference for f in procedure.fire()] == [two_tasks]
    assert procedure.ready(two_tasks) == ["contact_opnemen", "escalatie_contact"]

    approve = {"approved": True}
    contact = {"contact_summary": "Gebeld, excuses aangeboden.", "outcome": "opgelost"}
    escalation = {"escalation_action": "Afhandelaar aangesproken."}
    jobs = [
        (procedure.task(ref, "akkoord_klager").id, ("carla", "yasmin")[i % 2], approve)
        for i, ref in enumerate(distinct)
    ]
    jobs += [
        (procedure.task(shared_task, "akkoord_klager").id, actor, approve) for actor in ("carla", "yasmin")
    ]
    jobs += [
        (procedure.task(two_tasks, "contact_opnemen").id, "yasmin", contact),
        (procedure.task(two_tasks, "escalatie_contact").id, "yasmin", escalation),
    ]
    results = run_at_once(db_url, jobs)

    unexpected = [
        r
        for r in results
        if isinstance(r, Exception) and not isinstance(r, TaskAlreadyCompleted | ConcurrentUpdate)
    ]
    assert unexpected == [], f"errors besides the engine's own refusals: {unexpected!r}"
    assert all(not isinstance(r, Exception) for r in results[:DISTINCT])

    shared = results[DISTINCT : DISTINCT + 2]
    [winner] = [r for r in shared if not isinstance(r, Exception)]
    [loser] = [r for r in shared if isinstance(r, Exception)]
    assert isinstance(loser, TaskAlreadyCompleted) and loser.by == winner.completed_by

    pair = results[DISTINCT + 2 :]
    refused = [
        job for job, r in zip(jobs[DISTINCT + 2 :], pair, strict=True) if isinstance(r, ConcurrentUpdate)
    ]
    if engine.db.is_sqlite:
        # Writers queue for the write lock and each reads what the previous one committed.
        assert refused == []
    else:
        # Optimistic locking: the later of two steps on one complaint is refused, nothing saved,
        # and the user's second attempt (after reloading) goes through.
        assert len(refused) <= 1
        for task_id, actor, data in refused:
            again = fresh_engine(db_url, WEDNESDAY)
            try:
                again.complete_task(task_id, actor, data)
            finally:
                again.db.dispose()

    # Read back through a new engine, as another worker would.
    reader = fresh_engine(db_url, WEDNESDAY)
    try:
        for (task_id, actor, _), ref in zip(jobs[:DISTINCT], distinct, strict=True):
            stored = reader.task(task_id)
            assert (stored.state, stored.completed_by) == ("completed", actor)
            assert reader.instance(ref).data["approved"] is True
            assert sorted(t.bpmn_id for t in reader.tasks(reference=ref)) == ["afhandelaar_bepalen"]
        for ref in [*distinct, shared_task]:
            completed = [e for e in reader.history(ref) if e.event == "task_completed"]
            assert [e.task for e in completed] == ["akkoord_klager"]
        assert reader.instance(two_tasks).data["contact_summary"] == contact["contact_summary"]
        assert reader.instance(two_tasks).data["escalation_action"] == escalation["escalation_action"]
        assert sorted(t.bpmn_id for t in reader.tasks(reference=two_tasks)) == ["afhandeling_rapporteren"]
        completed = sorted(e.task for e in reader.history(two_tasks) if e.event == "task_completed")
        assert completed == ["afhandelaar_bepalen", "akkoord_klager", "contact_opnemen", "escalatie_contact"]

        acknowledgements = [m.reference for m in reader.outbox() if m.kind == "ontvangstbevestiging"]
        assert sorted(acknowledgements) == sorted([*distinct, shared_task, two_tasks])
        check = reader.verify_audit()
        assert check.intact, check.reason
        assert check.events == sum(len(reader.history(ref)) for ref in [*distinct, shared_task, two_tasks])
    finally:
        reader.db.dispose()
