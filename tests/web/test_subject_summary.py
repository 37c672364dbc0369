"""A subject-access ZIP a person can read (issue 15.8): a Dutch summary beside the JSON, and no
live personal link in it for whoever handles the file (issue 16.2)."""

import io
import re
import zipfile

from .conftest import do, register
from .test_privacy_pages import signed_in


def test_the_export_holds_a_dutch_summary_and_no_live_link(as_user, engine):
    reference = register(engine, complainant_name="Piet <b>Puk</b>", complainant_email="piet@example.org")
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    engine.add_comment(reference, "carla", "Teruggebeld, geen gehoor")
    response = signed_in(as_user, "bram").post(
        "/beheer/privacy/personen/inzage", {"persoon": "piet@example.org"}
    )
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert {"overzicht.html", f"{reference}/klacht.json"} <= set(archive.namelist())
    summary = archive.read("overzicht.html").decode("utf-8")
    assert f"<h2>Klacht {reference}</h2>" in summary and "Status: In behandeling" in summary
    assert "Omschrijving van de klacht" in summary and "Ik ben drie keer niet teruggebeld." in summary
    assert "Piet &lt;b&gt;Puk&lt;/b&gt;" in summary and "<b>Puk</b>" not in summary
    assert "Teruggebeld, geen gehoor" in summary and "Ontvangstbevestiging van uw klacht" in summary
    assert "Klacht geregistreerd" in summary and "binnen een maand" in summary
    everything = " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert not re.search(r"/(?:link|status)/[A-Za-z0-9_\-]{10,}\.", everything)
