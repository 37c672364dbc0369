"""The admin's privacy page keeps namesakes apart (issue 16.4): one box per e-mail address, and
export and erasure act on that person's complaints only."""

import io
import zipfile

from .conftest import register
from .test_privacy_pages import signed_in


def test_two_piet_puks_are_two_people_on_the_page(as_user, engine):
    mine = register(engine, complainant_name="Piet Puk", complainant_email="piet@example.org")
    other = register(engine, complainant_name="Piet Puk", complainant_email="p.puk@elders.example.org")
    bram = signed_in(as_user, "bram")
    html = bram.post("/beheer/privacy/personen", {"persoon": "Piet Puk"}).get_data(as_text=True)
    assert "2 personen gevonden" in html
    assert html.count("Inzage downloaden (ZIP)") == 2 and "p.puk@elders.example.org" in html

    refused = bram.post("/beheer/privacy/personen/inzage", {"persoon": "Piet Puk"})
    assert refused.status_code == 409 and "meer dan één persoon" in refused.get_data(as_text=True)
    exported = bram.post("/beheer/privacy/personen/inzage", {"persoon": "Piet Puk", "klacht": [mine]})
    names = zipfile.ZipFile(io.BytesIO(exported.data)).namelist()
    assert {n.split("/")[0] for n in names if "/" in n} == {mine}

    confirm = bram.post("/beheer/privacy/personen/wissen", {"persoon": "Piet Puk", "klacht": [mine]})
    page = confirm.get_data(as_text=True)
    assert mine in page and other not in page
    done = bram.post(
        "/beheer/privacy/personen/wissen", {"persoon": "Piet Puk", "klacht": [mine], "bevestigd": "ja"}
    )
    assert done.status_code == 302
    assert engine.instance(other).data["complainant_name"] == "Piet Puk"
    assert engine.instance(mine).data.get("complainant_name") != "Piet Puk"
