"""The whole way round: our mail goes out over SMTP with a Message-ID the outbox records, the
complainant's mail client answers it, and the answer finds its complaint; our own mail coming
back is recognised and kept aside."""

from email.message import EmailMessage

from tests.test_mail import transport


def test_a_client_reply_to_our_sent_mail_is_filed_and_our_own_mail_is_not(
    procedure, engine, intake, smtp_server
):
    controller, inbox = smtp_server
    reference = procedure.register()
    engine.send_mail(transport(controller.port))
    [(_, sent)] = [(to, m) for to, m in inbox.received if m["Subject"].startswith("Controleer")]
    assert sent["Message-ID"].startswith("<klacht.") and sent["Auto-Submitted"] == "auto-generated"

    reply = EmailMessage()  # as a mail client answers: In-Reply-To and References, "Re:" subject
    reply["From"] = "Jan de Klager <jan@example.org>"
    reply["To"] = sent["From"]
    reply["Subject"] = "Re: " + sent["Subject"]
    reply["Message-ID"] = "<antwoord-1@example.org>"
    reply["In-Reply-To"] = sent["Message-ID"]
    reply["References"] = sent["Message-ID"]
    reply.set_content("Akkoord, maar de datum klopt niet.")
    receipt = intake.receive(bytes(reply))
    assert (receipt.status, receipt.reference) == ("filed", reference)
    assert intake.case_mails(reference, "carla")[0].matched_by == "message-id"

    echoed = intake.receive(bytes(sent))
    assert (echoed.status, echoed.kind) == ("ignored", "own")  # the loop guard: never answered or registered
