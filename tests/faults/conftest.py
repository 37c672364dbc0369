"""Helpers of the fault tests: the raw stored state of a complaint (read past the engine, so a
half-written step cannot hide behind the engine's own views) and an SMTP server that can be down,
refusing, or up."""

import hashlib

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from ..test_mail import Inbox, free_port


def stored_state(db_url: str, reference: str) -> dict:
    """Everything the database holds about one complaint, plus the whole outbox, as plain values."""
    raw = create_engine(db_url)
    try:
        with raw.connect() as connection:
            instance = connection.execute(
                text(
                    "SELECT id, version, status, data, state, next_due, updated_at "
                    "FROM instances WHERE reference = :ref"
                ),
                {"ref": reference},
            ).one()
            tasks = connection.execute(
                text(
                    "SELECT id, bpmn_id, state, assignee, completed_by, completed_at FROM tasks "
                    "WHERE instance_id = :id ORDER BY id"
                ),
                {"id": instance.id},
            ).all()
            audit = connection.execute(
                text("SELECT id, event, bpmn_id, hash FROM audit_events WHERE instance_id = :id ORDER BY id"),
                {"id": instance.id},
            ).all()
            outbox = connection.execute(
                text("SELECT id, kind, recipient, status, attempts FROM outbox ORDER BY id")
            ).all()
    finally:
        raw.dispose()
    return {
        "version": instance.version,
        "status": instance.status,
        "data": str(instance.data),
        "state_sha256": hashlib.sha256(instance.state.encode()).hexdigest(),
        "next_due": str(instance.next_due),
        "updated_at": str(instance.updated_at),
        "tasks": [tuple(row) for row in tasks],
        "audit": [tuple(row) for row in audit],
        "outbox": [tuple(row) for row in outbox],
    }


class RefusingInbox(Inbox):
    """An SMTP server's handler that, while `refusing`, answers DATA with a temporary failure."""

    def __init__(self):
        super().__init__()
        self.refusing = False
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 Mail server temporarily unavailable"
        return await super().handle_DATA(server, session, envelope)


class SmtpServer:
    """An SMTP server on a fixed port that is not running until `up()` is called."""

    def __init__(self):
        self.port = free_port()
        self.inbox = RefusingInbox()
        self.controller = None

    def up(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.down()
