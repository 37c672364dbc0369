"""A worker the fault tests kill with SIGKILL in the middle of its work (test-only, run as a script).

    python killed_worker.py complete DB_URL MOMENT TASK_ID ACTOR DATA_JSON
        completes a task; when the step has written everything and is about to commit, prints
        one JSON line (what its own transaction sees) and blocks.
    python killed_worker.py send DB_URL MOMENT
        sends the outbox; when the first mail is claimed and handed to the transport, prints one
        JSON line and blocks, as a worker stuck in (or dying during) an SMTP conversation would.

It blocks by reading stdin, which the test never writes to: only SIGKILL ends it.
"""

import json
import sys

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from webforms.composition import build_engine
from webforms.settings import Settings, parse_moment


def pause(report: dict) -> None:
    print(json.dumps(report), flush=True)
    sys.stdin.read()
    raise SystemExit("the test closed stdin instead of killing the worker")


def complete(engine, task_id, actor, data) -> None:
    @event.listens_for(Session, "before_commit")
    def about_to_commit(session):
        session.flush()  # everything the step wrote is now in the open transaction
        connection = session.connection()
        seen = {
            "task_state": connection.execute(
                text("SELECT state FROM tasks WHERE id = :id"), {"id": task_id}
            ).scalar(),
            "outbox": connection.execute(text("SELECT count(*) FROM outbox")).scalar(),
            "audit_events": connection.execute(text("SELECT count(*) FROM audit_events")).scalar(),
        }
        if not engine.db.is_sqlite:
            seen["backend_pid"] = connection.execute(text("SELECT pg_backend_pid()")).scalar()
        pause(seen)

    engine.complete_task(task_id, actor, data)


class StuckTransport:
    def send(self, mail) -> None:
        pause({"mail": mail.id})


def main(mode, db_url, moment, *rest) -> None:
    engine = build_engine(Settings(database_url=db_url, now=parse_moment(moment)))
    if mode == "complete":
        task_id, actor, data = rest
        complete(engine, task_id, actor, json.loads(data))
    elif mode == "send":
        engine.send_mail(StuckTransport())
    raise SystemExit(f"the worker finished its {mode} without pausing")


if __name__ == "__main__":
    main(*sys.argv[1:])
