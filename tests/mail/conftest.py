"""Fixtures of the mail tests: the intake on the shared test engine (SQLite and PostgreSQL), and
a real Dovecot IMAP server, started once per session on loopback."""

import uuid

import pytest

from webforms.mail_intake import mail_intake
from webforms.settings import Settings

from .dovecot import Dovecot, dovecot_binary


@pytest.fixture
def intake(engine):
    return mail_intake(engine, Settings())


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory):
    try:
        dovecot_binary()
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    root = tmp_path_factory.mktemp("dovecot")
    root.chmod(0o755)  # Dovecot's own users read their config and write the mailboxes below
    server = Dovecot(root).start()
    yield server
    server.stop()


@pytest.fixture
def mailbox_user():
    """A user (and so a mailbox) of this test alone."""
    return f"klachten-{uuid.uuid4().hex[:10]}"
