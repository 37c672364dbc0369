"""Without an SMTP server the admin sees the mail the procedure wrote in the app."""

from .conftest import do, register


def test_the_admin_sees_the_mails_waiting_in_the_outbox(as_user, engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    page = as_user("bram").get("/beheer/mail/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"Ontvangstbevestiging van uw klacht {reference}" in html
    assert "jan@example.org" in html and "KLACHT_SMTP_HOST" in html
    assert "Wacht op verzending" in html


def test_only_the_admin_sees_the_outbox(as_user):
    for login in ("carla", "yasmin", "henk", "anna", "pieter"):
        assert as_user(login).get("/beheer/mail/").status_code == 403
