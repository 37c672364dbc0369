"""Mail that belongs to no complaint waits for a contact person or relationship manager, who
registers it as a complaint or archives it with a reason. Machine mail and our own never wait."""

import pytest
from sqlalchemy import select

from engine.errors import EngineError, InvalidFormData, NotAllowed
from engine.models import OutboxMail
from process.inbound_mail import registration_from_mail

from .messages import PNG, auto_reply, bounce, mail

FORM = {"category": "dienstverlening", "service_employee": "onbekend"}


def test_auto_replies_bounces_and_our_own_mail_are_kept_aside(engine, procedure, intake):
    reference = procedure.register()
    with engine.db.read() as session:
        ours = session.scalars(select(OutboxMail.message_id)).first()
    results = [
        intake.receive(auto_reply(to_message_id=f"<{ours}@localhost>")),
        intake.receive(bounce()),
        intake.receive(mail("klachten@localhost", "Kopie", "Van onszelf", message_id="<self@x>")),
        intake.receive(mail("x@example.org", "Terug", "Lus", message_id=f"<{ours}@localhost>")),
    ]
    assert [(r.status, r.kind) for r in results] == [
        ("ignored", "auto-reply"),
        ("ignored", "bounce"),
        ("ignored", "own"),
        ("ignored", "own"),
    ]
    assert intake.mails("new") == [] and intake.case_mails(reference, "yasmin") == []
    assert intake.notices("yasmin") == []


def test_registering_a_mail_makes_a_complaint_with_its_attachments(engine, procedure, intake):
    receipt = intake.receive(
        mail(
            "Piet Puk <piet@example.org>",
            "Slechte service",
            "Niemand nam op.",
            attachments=[("foto.png", "image/png", PNG)],
        )
    )
    new = intake.mail(receipt.mail_id, "carla")
    data = registration_from_mail(new.sender_name, new.sender, new.subject, new.text)
    assert data == {
        "complainant_name": "Piet Puk",
        "complainant_email": "piet@example.org",
        "description": "Slechte service\n\nNiemand nam op.",
        "channel": "e-mail",
    }
    reference = intake.register(receipt.mail_id, "carla", "klachtafhandeling", {**data, **FORM})
    assert engine.instance(reference).data["channel"] == "e-mail"
    assert [d.filename for d in engine.documents(reference, viewer="yasmin")] == ["foto.png"]
    registered = intake.mail(receipt.mail_id, "carla")
    assert (registered.status, registered.reference, registered.handled_by) == (
        "registered",
        reference,
        "carla",
    )
    with pytest.raises(EngineError, match="al verwerkt"):
        intake.register(receipt.mail_id, "yasmin", "klachtafhandeling", {**data, **FORM})
    assert intake.mails("new") == []


def test_a_refused_registration_leaves_the_mail_waiting(intake):
    receipt = intake.receive(mail())
    with pytest.raises(InvalidFormData):
        intake.register(receipt.mail_id, "carla", "klachtafhandeling", {"complainant_name": ""})
    assert [m.id for m in intake.mails("new")] == [receipt.mail_id]


def test_no_complaint_archives_with_a_reason_and_only_the_desk_may(intake):
    receipt = intake.receive(mail(subject="Nieuwsbrief"))
    with pytest.raises(NotAllowed):
        intake.archive(receipt.mail_id, "henk", "reclame")
    with pytest.raises(InvalidFormData):
        intake.archive(receipt.mail_id, "carla", "  ")
    intake.archive(receipt.mail_id, "carla", "Reclame, geen klacht")
    archived = intake.mails("archived")
    assert [(m.id, m.archive_reason, m.handled_by) for m in archived] == [
        (receipt.mail_id, "Reclame, geen klacht", "carla")
    ]
    with pytest.raises(NotAllowed):
        intake.mails(viewer="henk")
