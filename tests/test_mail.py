"""Mail to complainants and staff: written to the outbox with the step, sent over real SMTP."""

import socket
import threading
from datetime import datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from engine.models import OutboxMail
from engine.smtp import SmtpSettings, SmtpTransport
from process.calendar import AMSTERDAM
from webforms.personal_links import PersonalLinks
from webforms.security import DEMO_SECRET_KEY

from .conftest import fresh_engine


class Inbox:
    """An SMTP server's handler that keeps what it receives."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def transport(port):
    return SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, tls="none", sender="klachten@example.org"))


def mails(engine, kind=None):
    return [m for m in reversed(engine.outbox()) if kind is None or m.kind == kind]


def test_the_acknowledgement_explains_the_procedure_and_its_terms(procedure, engine):
    ref = procedure.register()
    assert mails(engine, "ontvangstbevestiging") == []
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    [ack] = mails(engine, "ontvangstbevestiging")
    assert (ack.to, ack.reference, ack.status) == ("jan@example.org", ref, "pending")
    assert ref in ack.subject
    assert "binnen twee werkdagen contact" in ack.text
    assert "Binnen vijf werkdagen na de afhandeling" in ack.text
    assert "Yasmin Asrafali (yasmin@example.org)" in ack.text
    assert "/status/" in ack.text
    assert "<p>Beste Jan de Klager,</p>" in ack.html


def test_the_complainant_gets_a_personal_link_to_the_right_task(procedure, engine):
    ref = procedure.register(complainant_name="<b>Jan</b>")
    [invite] = mails(engine, "akkoord")
    assert "[link verborgen]" in invite.text  # listings never show it; the mail itself carries it
    with engine.db.read() as session:
        sent_text = session.get(OutboxMail, invite.id).body_text
    link = next(line for line in sent_text.splitlines() if "/link/" in line).strip()
    token = link.rsplit("/", 1)[1]
    decoded = PersonalLinks(DEMO_SECRET_KEY, engine.clock, 14, 365).task_link(token)
    assert decoded.task_id == procedure.task(ref, "akkoord_klager").id
    assert decoded.purpose == "akkoord"
    assert "&lt;b&gt;Jan&lt;/b&gt;" in invite.html and "<b>Jan</b>" not in invite.html


def test_a_passed_contact_term_mails_the_relationship_manager_and_reminds_the_handler(procedure, engine):
    ref = procedure.register(service_employee="pieter")
    procedure.to_contact(ref, handler="henk")
    [assigned] = mails(engine, "toewijzing")
    assert (assigned.to, assigned.reference) == ("henk@example.org", ref)
    assert "01-12-2026 23:59" in assigned.text

    procedure.at(datetime(2026, 12, 2, 9, 0, tzinfo=AMSTERDAM))
    procedure.fire()
    [escalation] = mails(engine, "escalatie")
    [reminder] = mails(engine, "herinnering")
    assert escalation.to == "yasmin@example.org" and "geen contact binnen 2 werkdagen" in escalation.subject
    assert reminder.to == "henk@example.org"


def test_outbox_mail_is_sent_over_smtp_with_text_and_html(procedure, engine, smtp_server):
    controller, inbox = smtp_server
    ref = procedure.register()
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    counts = engine.send_mail(transport(controller.port))
    assert counts == {"sent": 2, "retry": 0, "failed": 0}
    recipients = sorted(tuple(rcpt) for rcpt, _ in inbox.received)
    assert recipients == [("jan@example.org",), ("jan@example.org",)]
    ack = next(m for _, m in inbox.received if m["Subject"].startswith("Ontvangstbevestiging"))
    assert ack["From"] == "klachten@example.org"
    assert ref in ack["Subject"]
    assert "binnen twee werkdagen" in ack.get_body(("plain",)).get_content()
    assert "<p>" in ack.get_body(("html",)).get_content()
    assert engine.send_mail(transport(controller.port)) == {"sent": 0, "retry": 0, "failed": 0}
    assert {m.status for m in mails(engine)} == {"sent"}


def test_a_failed_delivery_is_retried_later_and_sent_once(procedure, engine, smtp_server):
    controller, inbox = smtp_server
    procedure.register()
    down = free_port()  # nothing listens here
    assert engine.send_mail(transport(down)) == {"sent": 0, "retry": 1, "failed": 0}
    [mail] = mails(engine)
    assert (mail.status, mail.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in mail.last_error

    assert engine.send_mail(transport(controller.port)) == {"sent": 0, "retry": 0, "failed": 0}  # backing off
    procedure.at(engine.clock.now() + timedelta(minutes=1))
    assert engine.send_mail(transport(controller.port)) == {"sent": 1, "retry": 0, "failed": 0}
    assert engine.send_mail(transport(controller.port))["sent"] == 0
    assert len(inbox.received) == 1


def test_two_senders_at_once_send_each_mail_once(procedure, engine, smtp_server, db_url):
    controller, inbox = smtp_server
    for _ in range(5):
        procedure.register()
    barrier = threading.Barrier(2)

    def sender():
        other = fresh_engine(db_url)
        barrier.wait()
        other.send_mail(transport(controller.port))
        other.db.dispose()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(inbox.received) == 5
    assert {m.status for m in mails(engine)} == {"sent"}
