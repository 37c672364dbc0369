"""Fixtures of the mail tests: the intake on the shared test engine (SQLite and PostgreSQL), and
a real Dovecot IMAP server, started once per session on loopback."""

import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.test_mail import smtp_server  # noqa: F401 (the SMTP server fixture, shared)
from webforms.mail_intake import mail_intake
from webforms.settings import Settings

from .dovecot import Dovecot, dovecot_binary


@pytest.fixture
def intake(engine):
    return mail_intake(engine, Settings())


@pytest.fixture(scope="session")
def dovecot():
    try:
        dovecot_binary()
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    # Not under pytest's private (0700) temp folder: run as root, Dovecot's own users must
    # reach the mailboxes.
    root = Path(tempfile.mkdtemp(prefix="klacht-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root).start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox_user():
    """A user (and so a mailbox) of this test alone."""
    return f"klachten-{uuid.uuid4().hex[:10]}"
