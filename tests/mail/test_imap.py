"""`klacht mail fetch` against a real IMAP server (Dovecot, TLS): every message stored once,
then flagged or moved, also when a fetch dies half-way or a message arrives twice."""

import pytest

from engine.imap_fetch import ImapMailbox, fetch

from .messages import PDF, bounce, latin1_mail, mail, malformed_mail, windows1252_8bit_mail

BIG_PDF = PDF + b"0" * (15 * 1024 * 1024)  # about 20 MB once base64-encoded in a message


def test_fetch_stores_real_messages_once_and_flags_them(dovecot, mailbox_user, intake):
    dovecot.deliver(
        mailbox_user,
        mail(text="Tekst.", html="<p>Tekst.</p>", attachments=[("brief.pdf", "application/pdf", PDF)]),
        mail(subject="HTML", text=None, html="<p>Alleen <i>HTML</i></p>", message_id="<html@x>"),
        latin1_mail(),
        windows1252_8bit_mail(),
        malformed_mail(),
        mail(subject="Groot", attachments=[("groot.pdf", "application/pdf", BIG_PDF)], message_id="<big@x>"),
        bounce(),
    )
    settings = dovecot.settings(mailbox_user)
    report = fetch(intake, settings)
    assert (len(report.stored), report.duplicates, report.refused) == (7, 0, [])
    assert [r.status for r in report.stored] == ["new"] * 6 + ["ignored"]
    texts = {m.subject: m for m in intake.mails()}
    assert texts["HTML"].text == "Alleen HTML"
    assert texts["Klacht over de café"].sender_name == "José Müller"
    big = texts["Groot"]
    assert big.size > 20 * 1024 * 1024 and "groter dan 10 MB" in big.problems[0]
    assert all("\\Seen" in flags for flags in dovecot.flags(mailbox_user))
    again = fetch(intake, settings)
    assert (again.stored, again.duplicates) == ([], 0)
    assert len(intake.mails()) == 7


def test_a_fetch_that_dies_half_way_stores_nothing_twice(dovecot, mailbox_user, intake, monkeypatch):
    dovecot.deliver(
        mailbox_user, mail(message_id="<one@x>"), mail(message_id="<two@x>"), mail(message_id="<one@x>")
    )
    flag = ImapMailbox.done
    calls = []

    def dies_on_the_second_flag(mailbox, uid):
        calls.append(uid)
        if len(calls) == 2:
            raise ConnectionResetError("process killed")
        flag(mailbox, uid)

    monkeypatch.setattr(ImapMailbox, "done", dies_on_the_second_flag)
    with pytest.raises(ConnectionResetError):
        fetch(intake, dovecot.settings(mailbox_user))
    monkeypatch.setattr(ImapMailbox, "done", flag)
    report = fetch(intake, dovecot.settings(mailbox_user))
    # "two" was stored before the crash, "one" arrived twice: stored once, all three flagged.
    assert (len(report.stored), report.duplicates) == (0, 1)
    assert sorted(m.subject for m in intake.mails()) == ["Klacht", "Klacht"]
    assert all("\\Seen" in flags for flags in dovecot.flags(mailbox_user))


def test_fetch_can_move_stored_messages_to_a_folder(dovecot, mailbox_user, intake):
    dovecot.deliver(mailbox_user, mail(message_id="<move@x>"))
    report = fetch(intake, dovecot.settings(mailbox_user, done_folder="Verwerkt"))
    assert len(report.stored) == 1
    assert dovecot.flags(mailbox_user) == []
    assert len(dovecot.flags(mailbox_user, folder="Verwerkt")) == 1


def test_the_server_certificate_is_checked(dovecot, mailbox_user, intake):
    with pytest.raises(OSError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch(intake, dovecot.settings(mailbox_user, ca_file=None))
