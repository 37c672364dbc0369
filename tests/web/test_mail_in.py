"""Binnengekomen mail on the web: the list for contact persons and relationship managers,
registering a mail as a complaint (prefilled), archiving it with a reason; replies in the inbox
and the case file, shown as text."""

import re

from tests.mail.messages import PNG, mail
from webforms.mail_intake import mail_intake

from .conftest import register, to_contact

HOSTILE_HTML = (
    "<p>Klik <a href='https://boef.example/x'>hier</a><script>alert(1)</script>"
    "<img src=x onerror=alert(2)></p>"
)


def test_the_desk_registers_a_mail_as_a_complaint_with_the_form_prefilled(as_user, engine, settings):
    intake = mail_intake(engine, settings)
    receipt = intake.receive(
        mail(
            "Piet Puk <piet@example.org>",
            "Slechte <service>",
            "Niemand nam op.",
            attachments=[("foto.png", "image/png", PNG)],
        )
    )
    carla = as_user("carla")
    listing = carla.get("/mail/").get_data(as_text=True)
    assert "Binnengekomen mail" in listing and "Slechte &lt;service&gt;" in listing
    form = carla.get(f"/mail/{receipt.mail_id}/registreren").get_data(as_text=True)
    assert 'value="Piet Puk"' in form and 'value="piet@example.org"' in form
    assert "Niemand nam op." in form and re.search(r'value="e-mail"\s+(checked|selected)', form)
    response = carla.post(
        f"/mail/{receipt.mail_id}/registreren",
        {
            "complainant_name": "Piet Puk",
            "complainant_email": "piet@example.org",
            "description": "Niemand nam op.",
            "channel": "e-mail",
            "category": "dienstverlening",
            "service_employee": "onbekend",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    reference = re.search(r"geregistreerd als klacht (KL-\d{4}-\d{4})", page).group(1)
    assert "foto.png" in page  # carried over to the documents
    assert intake.mail(receipt.mail_id).reference == reference
    assert "Er is geen mail met deze status." in carla.get("/mail/").get_data(as_text=True)


def test_geen_klacht_needs_a_reason_and_the_list_is_only_for_the_desk(as_user, engine, settings):
    intake = mail_intake(engine, settings)
    receipt = intake.receive(mail(subject="Nieuwsbrief"))
    assert as_user("henk").get("/mail/").status_code == 403
    assert as_user("henk").get(f"/mail/{receipt.mail_id}").status_code == 403
    yasmin = as_user("yasmin")
    refused = yasmin.post(f"/mail/{receipt.mail_id}/geen-klacht", {"reason": ""})
    assert refused.status_code == 400 and "Geef een reden" in refused.get_data(as_text=True)
    yasmin.post(f"/mail/{receipt.mail_id}/geen-klacht", {"reason": "Reclame"})
    archived = yasmin.get("/mail/?status=archived").get_data(as_text=True)
    assert "Nieuwsbrief" in archived and "Reclame" in archived


def test_a_reply_shows_in_the_handlers_inbox_and_as_text_in_the_case_file(as_user, engine, settings):
    intake = mail_intake(engine, settings)
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference, handler="henk")
    intake.receive(mail("jan@example.org", f"Re: {reference}", None, html=HOSTILE_HTML))
    henk = as_user("henk")
    inbox = henk.get("/").get_data(as_text=True)
    assert "Nieuwe mail bij klachten" in inbox and f"Re: {reference}" in inbox
    case = henk.get(f"/klachten/{reference}").get_data(as_text=True)
    assert "Klik hier" in case and "Mail ontvangen" in case
    assert "<script>alert" not in case and "boef.example" not in case and "onerror" not in case
    [mail_id] = re.findall(r'action="/mail/(\d+)/gezien"', inbox)
    henk.post(f"/mail/{mail_id}/gezien")
    assert "Nieuwe mail bij klachten" not in henk.get("/").get_data(as_text=True)
    assert "Nieuwe mail bij klachten" not in as_user("carla").get("/").get_data(as_text=True)
