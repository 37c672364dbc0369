"""`klacht mail receive|fetch|list` as an MTA and an operator run them: each call a new process."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .messages import mail

KLACHT = str(Path(sys.executable).with_name("klacht"))


def klacht(db_url, *args, stdin=b"", env=None, expect=0):
    environment = {**os.environ, "KLACHT_DATABASE_URL": db_url, **(env or {})}
    environment.pop("KLACHT_NOW", None)
    done = subprocess.run([KLACHT, *args], input=stdin, env=environment, capture_output=True, timeout=120)
    assert done.returncode == expect, done.stderr.decode()
    return done.stdout.decode(), done.stderr.decode()


def url_of(engine) -> str:
    """The database of the test engine (installed in-process: quicker than `klacht init`)."""
    return engine.db.url.render_as_string(hide_password=False)


def test_an_mta_pipe_stores_the_message_and_the_list_shows_it(engine):
    db_url = url_of(engine)
    out, _ = klacht(db_url, "mail", "receive", stdin=mail(subject="Via de pijp"))
    assert out.strip() == "Mail 1: nieuw"
    out, _ = klacht(db_url, "mail", "receive", stdin=mail(subject="Via de pijp"))
    assert "was al opgeslagen" in out
    listed = json.loads(klacht(db_url, "mail", "list", "--status", "new", "--json")[0])
    assert [(m["id"], m["subject"], m["sender"]) for m in listed] == [(1, "Via de pijp", "piet@example.org")]


def test_an_unreachable_database_asks_the_mta_to_try_again(tmp_path):
    unreachable = "postgresql+psycopg://klacht@127.0.0.1:9/klacht"
    _, err = klacht(unreachable, "mail", "receive", stdin=mail(), expect=75)
    assert "niet bereikbaar" in err and "Traceback" not in err


def test_empty_input_and_a_missing_mailbox_are_refused_clearly(engine):
    db_url = url_of(engine)
    _, err = klacht(db_url, "mail", "receive", stdin=b"", expect=2)
    assert "geen bericht" in err
    _, err = klacht(db_url, "mail", "fetch", env={"KLACHT_IMAP_HOST": ""}, expect=2)
    assert "KLACHT_IMAP_HOST" in err


def test_fetch_reads_the_mailbox_from_the_environment(engine, dovecot, mailbox_user):
    db_url = url_of(engine)
    dovecot.deliver(mailbox_user, mail(message_id="<cli@x>"))
    env = {
        "KLACHT_IMAP_HOST": "127.0.0.1",
        "KLACHT_IMAP_PORT": str(dovecot.port),
        "KLACHT_IMAP_USER": mailbox_user,
        "KLACHT_IMAP_PASSWORD": "geheim-imap",
        "KLACHT_IMAP_CA_FILE": dovecot.ca_file,
    }
    out, _ = klacht(db_url, "mail", "fetch", env=env)
    assert "1 opgeslagen, 0 al eerder opgeslagen." in out
    _, err = klacht(db_url, "mail", "fetch", env={**env, "KLACHT_IMAP_PASSWORD": "fout"}, expect=75)
    assert "postvak is niet bereikbaar" in err


def test_the_scheduler_fetches_the_mailbox_when_one_is_configured(engine, dovecot, mailbox_user):
    from engine.scheduler import TimerScheduler
    from webforms.mail_intake import imap_job
    from webforms.settings import Settings

    dovecot.deliver(mailbox_user, mail(message_id="<sched@x>"))
    env = {
        "KLACHT_IMAP_HOST": "127.0.0.1",
        "KLACHT_IMAP_PORT": str(dovecot.port),
        "KLACHT_IMAP_USER": mailbox_user,
        "KLACHT_IMAP_PASSWORD": "geheim-imap",
        "KLACHT_IMAP_CA_FILE": dovecot.ca_file,
    }
    assert imap_job(engine, Settings(), environ={}) is None
    scheduler = TimerScheduler(engine, mail_fetch=imap_job(engine, Settings(), environ=env))
    assert len(scheduler.fetch_mail().stored) == 1
    broken = TimerScheduler(
        engine, mail_fetch=imap_job(engine, Settings(), environ={**env, "KLACHT_IMAP_PORT": "9"})
    )
    assert broken.fetch_mail() is None  # logged; the next sweep tries again
