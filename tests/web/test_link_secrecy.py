"""Personal links are sent, never shown to staff (issue 16.2): the outbox and the complaint page
mask them, staff can only have a fresh one mailed, and a discrimination complaint's mail is
shielded from everyone who may not see the complaint."""

import re
from datetime import timedelta

from engine.models import OutboxMail

from .conftest import MONDAY_MORNING, register

TOKEN = re.compile(r"/(?:link|status)/([A-Za-z0-9_.\-]{20,})")


def live_tokens(engine) -> set[str]:
    with engine.db.read() as session:
        bodies = [m.body_text + m.body_html for m in session.query(OutboxMail)]
    return {token for body in bodies for token in TOKEN.findall(body)}


def test_the_outbox_shows_no_token_that_answers_for_the_complainant(as_user, client, engine):
    reference = register(engine)
    tokens = live_tokens(engine)
    assert tokens  # the invitation to approve carries one
    html = as_user("bram").get("/beheer/mail/").get_data(as_text=True)
    assert f"Controleer uw klacht {reference}" in html and "[link verborgen]" in html
    assert not any(token in html for token in tokens)
    assert not TOKEN.search(html)
    assert all(not TOKEN.search(m.text + m.html) for m in engine.outbox())  # the command line too


def test_a_discrimination_complaints_mail_is_shielded_from_the_admin(as_user, engine):
    register(engine, category="discriminatie", complainant_name="Fatima el Amrani")
    html = as_user("bram").get("/beheer/mail/").get_data(as_text=True)
    assert "Fatima" not in html and "jan@example.org" not in html and "Controleer uw klacht" not in html
    assert "Afgeschermd" in html
    [shielded] = engine.outbox(viewer="bram")
    assert (shielded.to, shielded.text, shielded.html) == ("", "", "")
    [seen] = engine.outbox(viewer="yasmin")  # the relationship manager sees every complaint
    assert seen.to == "jan@example.org" and "Fatima el Amrani" in seen.text
    other = register(engine)
    assert {m.reference for m in engine.outbox(viewer="bram") if m.to} == {other}


def test_the_complaint_page_resends_a_link_instead_of_showing_it(as_user, app, engine):
    reference = register(engine)
    carla = as_user("carla")
    html = carla.get(f"/klachten/{reference}").get_data(as_text=True)
    assert not TOKEN.search(html) and "Opnieuw versturen" in html
    action = re.search(r'action="(/klachten/[^"]+/opnieuw)"', html).group(1)
    before = live_tokens(engine)
    engine.clock.set(MONDAY_MORNING + timedelta(minutes=5))  # a link made later is another link
    response = carla.post(action)
    assert response.location.endswith(f"/klachten/{reference}")
    [fresh] = live_tokens(engine) - before
    assert app.extensions["klacht_links"].task_link(fresh).purpose == "akkoord"
    mails = [m for m in engine.outbox() if m.kind == "akkoord"]
    assert len(mails) == 2 and {m.to for m in mails} == {"jan@example.org"}
    assert [e.actor for e in engine.history(reference) if e.event == "link_resent"] == ["carla"]
    assert as_user("henk").post(action).status_code in (403, 404)
    assert as_user("anna").post(action).status_code == 403  # the auditor sees it, may not act
    assert len([m for m in engine.outbox() if m.kind == "akkoord"]) == 2
