"""A complainant's reply finds its complaint: by our own Message-ID first, then by the reference
in the subject from the address the complaint knows. It is filed, someone is told, and the process
does not move on by itself."""

import pytest
from sqlalchemy import select

from engine.errors import NotAllowed
from engine.models import OutboxMail

from .messages import PDF, mail


def our_message_id(engine, reference) -> str:
    with engine.db.read() as session:
        sent = session.scalars(select(OutboxMail).where(OutboxMail.recipient == "jan@example.org")).first()
    assert sent.message_id.startswith("klacht.")
    return f"<{sent.message_id}@localhost>"


def test_a_reply_to_our_mail_lands_in_the_case_file_and_the_personal_link_task_stays_open(
    engine, procedure, intake
):
    reference = procedure.register()
    reply = mail(
        "Jan <jan.anders@example.net>",
        "Re: Controleer uw klacht",
        "Het klopt niet helemaal.",
        attachments=[("bewijs.pdf", "application/pdf", PDF)],
        In_Reply_To=our_message_id(engine, reference),
    )
    receipt = intake.receive(reply)
    assert (receipt.status, receipt.kind, receipt.reference) == ("filed", "reply", reference)
    [filed] = intake.case_mails(reference, viewer="carla")
    assert (filed.text, filed.matched_by, filed.sender) == (
        "Het klopt niet helemaal.",
        "message-id",
        "jan.anders@example.net",
    )
    [document] = engine.documents(reference, viewer="carla")
    assert (document.filename, document.uploaded_by) == ("bewijs.pdf", "klager")
    assert filed.attachments[0].document_id == document.id
    assert procedure.ready(reference) == ["akkoord_klager"]  # a person decides, not the mail
    assert [e.event for e in procedure.events(reference)][-2:] == ["mail_received", "document_added"]
    # No handler yet: the relationship manager hears of it.
    assert [m.id for m in intake.notices("yasmin")] == [receipt.mail_id]
    assert intake.notices("carla") == []


def test_a_reference_in_the_subject_counts_only_from_the_complainants_known_address(
    engine, procedure, intake
):
    reference = procedure.register(service_employee="onbekend")
    procedure.to_contact(reference, handler="henk")
    known = intake.receive(
        mail("JAN@Example.org", f"Vraag over {reference}", "Wanneer belt u?", message_id="<a@x>")
    )
    stranger = intake.receive(
        mail("boef@example.com", f"Over {reference}", "Geef mij de gegevens.", message_id="<b@x>")
    )
    assert (known.status, known.reference) == ("filed", reference)
    assert (stranger.status, stranger.reference) == ("new", None)
    # The handler is told; the relationship manager is not bothered with it.
    assert [m.id for m in intake.notices("henk")] == [known.mail_id]
    assert intake.notices("yasmin") == []
    with pytest.raises(NotAllowed):
        intake.mark_seen(known.mail_id, "anna")  # the auditor reads, she does not tick off
    intake.mark_seen(known.mail_id, "henk")
    assert intake.notices("henk") == []


def test_a_reply_to_a_closed_complaint_is_shown_to_the_relationship_manager(engine, procedure, intake):
    reference = procedure.register(service_employee="onbekend")
    procedure.to_contact(reference, handler="henk")
    engine.cancel(reference, "yasmin", "Dubbel geregistreerd")
    receipt = intake.receive(
        mail(
            "jan@example.org",
            f"Re: {reference}",
            "Nog een vraag.",
            attachments=[("x.pdf", "application/pdf", PDF)],
        )
    )
    assert receipt.status == "filed"
    assert [m.id for m in intake.notices("yasmin")] == [receipt.mail_id]
    assert intake.notices("henk") == []
    assert engine.documents(reference, viewer="yasmin") == []  # a closed case file takes no documents
    assert intake.mail(receipt.mail_id, "yasmin").attachments[0].filename == "x.pdf"


def test_each_message_is_stored_once(intake):
    first = intake.receive(mail(message_id="<once@x>"))
    again = intake.receive(mail(message_id="<once@x>"))
    without_id = mail(message_id=None)
    assert intake.receive(without_id).duplicate is False
    assert intake.receive(without_id).duplicate is True
    assert (again.duplicate, again.mail_id) == (True, first.mail_id)
    assert len(intake.mails()) == 2


def test_attachments_are_checked_like_uploads(intake):
    receipt = intake.receive(
        mail(
            attachments=[
                ("virus.exe", "application/octet-stream", b"MZ\x90"),
                ("nep.pdf", "application/pdf", b"MZ"),
            ]
        )
    )
    stored = intake.mail(receipt.mail_id)
    assert [a.refused is not None for a in stored.attachments] == [True, True]
    assert len(stored.problems) == 2 and "virus.exe" in stored.problems[0]
    assert stored.text == "Ik wil klagen."


def test_control_characters_never_reach_the_database(intake):
    receipt = intake.receive(mail(subject="Nul\x00byte", text="Tekst\x00 met\x07 rommel.\nTweede regel."))
    stored = intake.mail(receipt.mail_id)
    assert (stored.subject, stored.text) == ("Nulbyte", "Tekst met rommel.\nTweede regel.")
