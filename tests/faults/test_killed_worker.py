"""A worker killed with SIGKILL in the middle of its work leaves nothing half done.

The worker (killed_worker.py, its own process with its own engine) is stopped at the worst moment:
a step that has written everything (task completed, audit events, outbox mail) in its open
transaction, just before commit; or a sender that has claimed a mail and is talking to the SMTP
server. After the kill the database is intact, holds exactly what it held before, and the work
goes on: the task can be completed, the mail is sent once.
"""

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from engine.outbox import LEASE

from ..test_mail import transport
from .conftest import stored_state

WORKER = Path(__file__).with_name("killed_worker.py")
ROOT = Path(__file__).resolve().parents[2]
PATIENCE = 60  # seconds: how long a worker may take to reach its pause, or a server to notice a kill


def start_worker(*args):
    """Start the worker; return it and its report once it has paused."""
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready, _, _ = select.select([worker.stdout], [], [], PATIENCE)
    line = worker.stdout.readline() if ready else ""
    if not line:
        worker.kill()
        _, errors = worker.communicate()
        raise AssertionError(f"the worker did not pause: {errors}")
    return worker, json.loads(line)


def kill(worker) -> None:
    os.kill(worker.pid, signal.SIGKILL)
    assert worker.wait(timeout=PATIENCE) == -signal.SIGKILL
    for stream in (worker.stdin, worker.stdout, worker.stderr):
        stream.close()


def write_lock_taken(db_url) -> bool:
    """SQLite: does some connection hold the write lock right now?"""
    probe = sqlite3.connect(make_url(db_url).database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        assert "database is locked" in str(error)
        return True
    finally:
        probe.close()


def backend_state(db_url, pid) -> str | None:
    """PostgreSQL: the state of a server process (None once it is gone)."""
    raw = create_engine(db_url, isolation_level="AUTOCOMMIT")  # a fresh statistics snapshot per query
    try:
        with raw.connect() as connection:
            return connection.execute(
                text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar()
    finally:
        raw.dispose()


def wait_until_the_server_let_go(db_url, pid) -> None:
    """PostgreSQL notices the dead client, rolls its transaction back and ends its process."""
    deadline = time.monotonic() + PATIENCE
    while backend_state(db_url, pid) is not None:
        assert time.monotonic() < deadline, f"server process {pid} still there after {PATIENCE} s"
        time.sleep(0.05)  # polling the server, not waiting for time to pass in the test


def test_a_worker_killed_just_before_commit_leaves_no_trace_and_the_task_can_be_done(
    procedure, engine, db_url
):
    ref = procedure.register()
    task = procedure.task(ref, "akkoord_klager")
    before = stored_state(db_url, ref)

    worker, seen = start_worker(
        "complete", db_url, engine.clock.now().isoformat(), task.id, "carla", json.dumps({"approved": True})
    )
    try:
        # The worker really is mid-step: its own transaction holds the completed task, new audit
        # events and the acknowledgement mail; nobody else sees any of it.
        assert seen["task_state"] == "completed"
        assert seen["outbox"] > len(before["outbox"])
        assert seen["audit_events"] > len(before["audit"])
        assert stored_state(db_url, ref) == before
        if engine.db.is_sqlite:
            assert write_lock_taken(db_url)
        else:
            assert backend_state(db_url, seen["backend_pid"]) == "idle in transaction"
    finally:
        kill(worker)

    if engine.db.is_sqlite:
        assert not write_lock_taken(db_url)
        with sqlite3.connect(make_url(db_url).database) as check:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    else:
        wait_until_the_server_let_go(db_url, seen["backend_pid"])
        raw = create_engine(db_url)
        with raw.connect() as connection:  # no lock left behind on the complaint
            connection.execute(
                text("SELECT id FROM instances WHERE reference = :ref FOR UPDATE NOWAIT"), {"ref": ref}
            ).one()
        raw.dispose()

    assert stored_state(db_url, ref) == before
    assert procedure.ready(ref) == ["akkoord_klager"]
    assert engine.task(task.id).state == "ready"

    engine.complete_task(task.id, "carla", {"approved": True})
    assert (engine.task(task.id).state, engine.task(task.id).completed_by) == ("completed", "carla")
    assert procedure.ready(ref) == ["afhandelaar_bepalen"]
    assert [e.task for e in procedure.events(ref, "task_completed")] == ["akkoord_klager"]
    assert [m.kind for m in engine.outbox() if m.kind == "ontvangstbevestiging"] == ["ontvangstbevestiging"]
    check = engine.verify_audit()
    assert check.intact, check.reason


def test_a_sender_killed_during_delivery_leaves_the_mail_to_be_sent_once_after_its_lease(
    procedure, engine, db_url, smtp
):
    ref = procedure.register()
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    pending = sorted(m.id for m in engine.outbox())
    assert len(pending) == 2  # the approval request and the acknowledgement

    worker, seen = start_worker("send", db_url, engine.clock.now().isoformat())
    kill(worker)
    stuck = next(m for m in engine.outbox() if m.id == seen["mail"])
    assert (stuck.status, stuck.attempts) == ("sending", 1)

    smtp.up()
    assert engine.send_mail(transport(smtp.port)) == {"sent": 1, "retry": 0, "failed": 0}
    assert [m.id for m in engine.outbox() if m.status != "sent"] == [stuck.id]  # its lease still runs

    procedure.at(engine.clock.now() + LEASE + timedelta(seconds=1))
    assert engine.send_mail(transport(smtp.port)) == {"sent": 1, "retry": 0, "failed": 0}
    assert engine.send_mail(transport(smtp.port)) == {"sent": 0, "retry": 0, "failed": 0}
    assert {m.status for m in engine.outbox()} == {"sent"}
    subjects = sorted(message["Subject"] for _, message in smtp.inbox.received)
    assert subjects == sorted(m.subject for m in engine.outbox())  # each mail arrived once
