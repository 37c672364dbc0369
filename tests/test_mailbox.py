"""One mailbox per address (issue 16.3): a form field, a staff account or an outbox row never
reaches more than one recipient, however the address is written."""

import json

import pytest
from aiosmtpd.controller import Controller

from engine.errors import EngineError, InvalidFormData
from engine.mailbox import InvalidMailbox, single_mailbox
from engine.models import OutboxMail

from .test_cli import REGISTRATION as CLI_REGISTRATION
from .test_cli import Klacht
from .test_mail import Inbox, free_port, transport

# Each was accepted by the public form and reached extra people (issue 16, finding 3).
LISTS = (
    "me@example.org,=?utf-8?q?victim1=40elsewhere.example?=,=?utf-8?q?victim2=40elsewhere.example?=",
    "root,jan@example.org",
    "=?utf-8?q?victim1=40elsewhere.example?=@example.org",
    "jan@example.org; piet@example.org",
    "Jan <jan@example.org>",
    '"root,jan"@example.org',
    "jan@example.org\nBcc: piet@example.org",
)


@pytest.mark.parametrize("address", LISTS)
def test_a_list_or_an_encoded_word_is_not_one_mailbox(address):
    with pytest.raises(InvalidMailbox, match="één geldig e-mailadres"):
        single_mailbox(address)


def test_one_mailbox_is_normalised():
    assert single_mailbox(" Jan.de.Klager@Example.ORG ") == "Jan.de.Klager@example.org"
    assert isinstance(InvalidMailbox(), ValueError)


@pytest.mark.parametrize("address", LISTS[:3])
def test_registration_correction_and_public_form_refuse_a_list(procedure, engine, address):
    for start in (
        lambda data: engine.start("klachtafhandeling", "carla", data),
        lambda data: engine.start_by_complainant("klachtafhandeling", data),
    ):
        with pytest.raises(InvalidFormData) as refused:
            start({**procedure.REGISTRATION, "complainant_email": address})
        assert "één geldig e-mailadres" in refused.value.fields["complainant_email"]
    ref = procedure.register(complainant_email="Jan@Example.ORG")
    assert engine.instance(ref).data["complainant_email"] == "Jan@example.org"
    procedure.do(ref, "akkoord_klager", "carla", approved=False, corrections="Ander adres")
    with pytest.raises(InvalidFormData):
        procedure.do(
            ref, "registratie_corrigeren", "carla", **{**procedure.REGISTRATION, "complainant_email": address}
        )
    assert engine.instance(ref).data["complainant_email"] == "Jan@example.org"


def test_a_staff_address_is_one_mailbox_too(engine):
    with pytest.raises(EngineError, match="één geldig e-mailadres"):
        engine.add_user(
            login="eva",
            name="Eva",
            function="Medewerker",
            email="root,eva@example.org",
            password="geheim-genoeg",
            roles=["contactpersoon"],
        )
    assert engine.user("eva") is None


def test_the_smtp_layer_sends_one_row_to_one_mailbox_only(procedure, engine):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        ref = procedure.register()
        with engine.db.write() as session:  # a row written before addresses were checked
            for row in session.query(OutboxMail):
                row.recipient = LISTS[0]
        counts = engine.send_mail(transport(controller.port))
    finally:
        controller.stop()
    assert handler.received == []
    assert counts == {"sent": 0, "retry": 0, "failed": 1}
    [mail] = [m for m in engine.outbox() if m.reference == ref]
    assert mail.status == "failed" and "e-mailadres" in mail.last_error


def test_the_command_line_refuses_a_list_with_status_2(db_url, tmp_path):
    klacht = Klacht(db_url, tmp_path)
    klacht.run("init", "--demo")
    data = json.dumps({**CLI_REGISTRATION, "complainant_email": LISTS[1]})
    refused = klacht.run("complaints", "start", "--as", "carla", "--data", data, expect=2)
    assert "één geldig e-mailadres" in refused.stderr and "Traceback" not in refused.stderr
    refused = klacht.run(
        "users",
        "add",
        "eva",
        "--name",
        "Eva",
        "--function",
        "Medewerker",
        "--email",
        LISTS[1],
        "--password",
        "geheim-genoeg",
        "--role",
        "contactpersoon",
        expect=2,
    )
    assert "één geldig e-mailadres" in refused.stderr
