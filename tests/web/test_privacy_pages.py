"""The admin's privacy pages: retention terms, legal holds, a person's export and erasure, and the
processing register; nobody else gets in."""

import io
import json
import zipfile

import pytest

from .conftest import do, register

EMAIL = "fatima.privacy@example.org"
PAGES = ("/beheer/privacy/", "/beheer/privacy/personen", "/beheer/privacy/verwerkingsregister")
POSTS = (
    "/beheer/privacy/bewaartermijnen",
    "/beheer/privacy/bewaarplicht/KL-2026-0001",
    "/beheer/privacy/personen/inzage",
    "/beheer/privacy/personen/wissen",
)


def signed_in(as_user, login):
    """A logged-in client whose forms carry one CSRF token (fetched from a light page)."""
    user = as_user(login)
    token = user.token("/beheer/privacy/verwerkingsregister")
    post = user.post
    user.post = lambda url, data=None, **kwargs: post(url, {"csrf_token": token, **(data or {})}, **kwargs)
    return user


def closed_complaint(engine) -> str:
    ref = register(
        engine, complainant_name="Fatima el Amrani", complainant_email=EMAIL, category="discriminatie"
    )
    engine.attach_document(ref, "yasmin", "brief.pdf", "application/pdf", b"%PDF-1.4 brief\n%%EOF")
    do(engine, ref, "akkoord_klager", "yasmin", approved=True)
    do(engine, ref, "afhandelaar_bepalen", "yasmin", handler="yasmin")
    do(engine, ref, "contact_opnemen", "yasmin", contact_summary="Gesproken", outcome="opgelost")
    do(engine, ref, "afhandeling_rapporteren", "yasmin", resolution="Excuses", procedure_change=False)
    do(engine, ref, "tevredenheid_controleren", "yasmin", satisfied=True)
    return ref


@pytest.mark.parametrize("login", ["carla", "yasmin", "henk", "pieter", "anna"])
def test_only_the_admin_gets_in(as_user, login):
    user = signed_in(as_user, login)
    for url in PAGES:
        assert user.get(url).status_code == 403, url
    for url in POSTS:
        assert user.post(url, {"persoon": EMAIL, "reden": "x"}).status_code == 403, url
    assert "/beheer/privacy/" not in user.get("/klachten/").get_data(as_text=True)


def test_the_admin_sees_every_page_and_strangers_are_sent_to_log_in(client, as_user):
    bram = signed_in(as_user, "bram")
    assert 'href="/beheer/privacy/"' in bram.get("/klachten/").get_data(as_text=True)
    for url in PAGES:
        assert bram.get(url).status_code == 200, url
        assert client.get(url).status_code == 302


def test_retention_terms_are_set_per_category(as_user, engine):
    bram = signed_in(as_user, "bram")
    html = bram.get("/beheer/privacy/").get_data(as_text=True)
    assert "Discriminatie" in html and "Alle andere categorieën" in html and 'value="730"' in html
    terms = "/beheer/privacy/bewaartermijnen"
    wrong = bram.post(terms, {"term-default": "twee jaar", "term-discriminatie": "0"})
    assert wrong.status_code == 400
    assert wrong.get_data(as_text=True).count("Geef een heel aantal dagen, van 1 tot 36500.") == 4
    assert engine.retention_terms() == {"default": 730, "discriminatie": 730}
    saved = bram.post(terms, {"term-default": "365", "term-discriminatie": "3650"})
    assert saved.status_code == 302
    assert engine.retention_terms() == {"default": 365, "discriminatie": 3650}


def test_a_legal_hold_is_set_and_lifted_and_blocks_erasure_meanwhile(as_user, engine):
    ref = closed_complaint(engine)
    bram = signed_in(as_user, "bram")
    html = bram.get("/beheer/privacy/").get_data(as_text=True)
    assert ref in html and "29 november 2028" in html  # closed today, kept 730 days
    hold = f"/beheer/privacy/bewaarplicht/{ref}"
    empty = bram.post(hold, {"actie": "zetten", "reden": " "}, follow_redirects=True).get_data(as_text=True)
    assert "Geef een reden voor de bewaarplicht." in empty
    html = bram.post(hold, {"actie": "zetten", "reden": "Rechtszaak loopt"}, follow_redirects=True)
    assert "Ja:</strong> Rechtszaak loopt" in html.get_data(as_text=True)

    confirm = bram.post("/beheer/privacy/personen/wissen", {"persoon": EMAIL})
    assert confirm.status_code == 200 and "Ja, definitief wissen" in confirm.get_data(as_text=True)
    blocked = bram.post("/beheer/privacy/personen/wissen", {"persoon": EMAIL, "bevestigd": "ja"})
    assert blocked.status_code == 409
    assert "Wissen kan niet: er geldt een bewaarplicht" in blocked.get_data(as_text=True)
    assert engine.subjects(EMAIL) == [ref]

    lifted = bram.post(hold, {"actie": "opheffen"}, follow_redirects=True).get_data(as_text=True)
    assert f"De bewaarplicht op {ref} is opgeheven." in lifted
    erased = bram.post("/beheer/privacy/personen/wissen", {"persoon": EMAIL, "bevestigd": "ja"})
    assert erased.status_code == 302
    assert engine.subjects(EMAIL) == []
    assert "Gepseudonimiseerd op" in bram.get("/beheer/privacy/").get_data(as_text=True)
    events = [e.event for e in engine.history(ref)]
    assert events[-3:] == ["legal_hold_set", "legal_hold_lifted", "pseudonymised"]


def test_a_person_is_found_and_everything_about_them_exported(as_user, engine):
    ref = closed_complaint(engine)
    bram = signed_in(as_user, "bram")
    found = bram.post("/beheer/privacy/personen", {"persoon": "Fatima el Amrani"}).get_data(as_text=True)
    assert ref in found and "Inzage downloaden (ZIP)" in found
    nobody = bram.post("/beheer/privacy/personen", {"persoon": "niemand@example.org"}).get_data(as_text=True)
    assert "Over deze persoon zijn geen gegevens gevonden." in nobody
    response = bram.post("/beheer/privacy/personen/inzage", {"persoon": EMAIL})
    assert response.headers["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert json.loads(archive.read(f"{ref}/klacht.json"))["data"]["complainant_email"] == EMAIL
    assert archive.read(f"{ref}/documenten/1-brief.pdf").startswith(b"%PDF")
    assert [e.event for e in engine.history(ref)][-1] == "subject_access"


def test_the_processing_register_comes_from_the_forms(as_user):
    html = as_user("bram").get("/beheer/privacy/verwerkingsregister").get_data(as_text=True)
    row = html.split("<code>complainant_email</code>")[1].split("</tr>")[0]
    assert "Ontvangstbevestiging, persoonlijke links en berichten aan de klager" in row
    assert "E-mailadres" in html.split("<code>complainant_email</code>")[0].rsplit("<tr>", 1)[1]
    assert "<code>description</code>" in html and "<code>category</code>" not in html
    assert "Discriminatie: 730 dagen" in html
