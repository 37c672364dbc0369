"""Personal data in incoming mail: in the subject access export, erased on request together with
the complaint, and mail that became no complaint erased when its retention term has passed."""

import io
import json
import zipfile
from datetime import timedelta

from sqlalchemy import select

from engine.inbound_models import InboundAttachment

from .messages import PDF, mail


def test_mail_is_exported_and_erased_with_the_person(engine, procedure, intake):
    reference = procedure.register()
    filed = intake.receive(
        mail("jan@example.org", f"Re: {reference}", "Mijn BSN is 123.", message_id="<r@x>")
    )
    loose = intake.receive(
        mail(
            "jan@example.org",
            "Iets anders",
            "Los bericht.",
            message_id="<l@x>",
            attachments=[("los.pdf", "application/pdf", PDF)],
        )
    )
    export = zipfile.ZipFile(io.BytesIO(engine.subject_access("jan@example.org", None)))
    case = json.loads(export.read(f"{reference}/klacht.json"))
    assert [m["text"] for m in case["incoming_mails"]] == ["Mijn BSN is 123."]
    assert [m["text"] for m in json.loads(export.read("mail-zonder-klacht.json"))] == ["Los bericht."]

    engine.erase_subject("jan@example.org", None)
    assert intake.mail(filed.mail_id, "yasmin").text == "[verwijderd]"
    erased = intake.mails()
    assert {(m.sender, m.subject, m.text) for m in erased} == {("[verwijderd]",) * 3}
    with engine.db.read() as session:
        assert session.scalars(select(InboundAttachment.content)).all() == [b""]
    assert loose.mail_id in [m.id for m in erased]


def test_mail_that_became_no_complaint_is_erased_after_the_retention_term(engine, intake):
    kept = intake.receive(mail("piet@example.org", "Vraag", "Geen klacht.", message_id="<p@x>"))
    assert engine.apply_retention() == []
    assert intake.mail(kept.mail_id).text == "Geen klacht."
    engine.clock.advance(timedelta(days=731))
    engine.apply_retention()
    assert intake.mail(kept.mail_id).text == "[verwijderd]"
