"""Complainant pages speak to the complainant (second person, plain Dutch): what was done, what
happens next and by when; never about "de klager"."""

import re

from .conftest import do, register, to_contact
from .test_complainant import personal_link

ABOUT_THE_COMPLAINANT = re.compile(r"\bklager\b", re.IGNORECASE)


def visible_text(html: str) -> str:
    """The text a reader sees, without the test complainant's name (Jan de Klager)."""
    return re.sub(r"<[^>]+>", " ", html).replace("Jan de Klager", "Jan")


def test_the_public_form_asks_you(client):
    text = visible_text(client.get("/klacht-indienen").get_data(as_text=True))
    assert "Uw naam" in text and "Uw e-mailadres" in text and "Wat is er gebeurd?" in text
    assert not ABOUT_THE_COMPLAINANT.search(text)


def test_the_approval_link_asks_whether_we_wrote_it_down_right_and_says_what_comes_next(
    client, as_user, engine
):
    link = personal_link(as_user, engine, register(engine))
    page = visible_text(client.get(link).get_data(as_text=True))
    assert "Klopt wat wij hebben opgeschreven?" in page and "Ja, dit klopt" in page
    assert not ABOUT_THE_COMPLAINANT.search(page)
    thanks = visible_text(client.post(link, {"approved": "ja"}).get_data(as_text=True))
    assert "Wat gebeurt er nu?" in thanks and "Bepalen wie uw klacht behandelt" in thanks


def test_the_satisfaction_link_shows_what_was_done(client, as_user, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    do(engine, reference, "contact_opnemen", "yasmin", contact_summary="Intern verslag.", outcome="opgelost")
    do(
        engine,
        reference,
        "afhandeling_rapporteren",
        "yasmin",
        resolution="Wij bellen u voortaan terug.",
        procedure_change=False,
    )
    page = visible_text(
        client.get(personal_link(as_user, engine, reference, login="yasmin")).get_data(as_text=True)
    )
    assert "Bent u tevreden?" in page and "Wat wij met uw klacht hebben gedaan" in page
    assert "Wij bellen u voortaan terug." in page and "Intern verslag." not in page
    assert not ABOUT_THE_COMPLAINANT.search(page)
