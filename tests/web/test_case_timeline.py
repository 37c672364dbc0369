"""The case file as one timeline: steps, notes, contact, documents and mails in time order, with
filters; a refused note shows its error next to the field, and the page opens at that form."""

import re
from datetime import timedelta

from .conftest import do, register
from .test_documents import PDF, upload


def kinds_in_order(html: str) -> list[str]:
    return re.findall(r'class="tijdlijn__item tijdlijn__item--(\w+)"', html)


def test_everything_about_a_complaint_in_one_list_in_time_order(as_user, engine):
    reference = register(engine)
    carla = as_user("carla")
    engine.clock.set(engine.clock.now() + timedelta(minutes=5))
    carla.post(f"/klachten/{reference}/opmerking", {"text": "Klager belt morgen terug."})
    engine.clock.set(engine.clock.now() + timedelta(minutes=5))
    upload(carla, reference, PDF, "brief.pdf")
    engine.clock.set(engine.clock.now() + timedelta(minutes=5))
    do(engine, reference, "akkoord_klager", "carla", approved=True)  # sends the acknowledgement
    html = carla.get(f"/klachten/{reference}").get_data(as_text=True)
    # registered (and the complainant mailed the approval link), a note, a document, approved
    # (and the acknowledgement mailed)
    order = kinds_in_order(html)
    assert order[:5] == ["stap", "mail", "notitie", "document", "stap"] and order[-1] == "mail"
    assert "Bericht: Ontvangstbevestiging van uw klacht" in html
    assert "Klager belt morgen terug." in html and "Document: brief.pdf" in html
    # What a form recorded is folded away, not repeated in full down the page.
    assert re.search(r"<details>\s*<summary>Wat is ingevuld \(\d+\)</summary>", html)

    only_notes = carla.get(f"/klachten/{reference}?toon=notitie").get_data(as_text=True)
    assert kinds_in_order(only_notes) == ["notitie"]
    assert 'id="toon-notitie" name="toon" value="notitie" checked' in only_notes


def test_an_empty_note_shows_the_error_at_the_field_and_the_page_opens_there(as_user, engine):
    reference = register(engine)
    response = as_user("carla").post(f"/klachten/{reference}/opmerking", {"text": "  "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    form = html[html.index('id="opmerking"') : html.index("</form>", html.index('id="opmerking"'))]
    assert 'id="comment-text-fout"' in form and "Dit veld is verplicht." in form
    # The form posts to its own anchor, so the answer opens scrolled to the form and its error.
    assert f'action="/klachten/{reference}/opmerking#opmerking"' in html
