"""Case documents on the web: staff attach them on the complaint page, the complainant through
the public form or their link; downloads only for those who may see the complaint, and always
as an opaque attachment."""

import io
import re

from .conftest import REGISTRATION, mailed_link, register

PDF = b"%PDF-1.4 brief van de klager\n%%EOF"
PUBLIC = {k: v for k, v in REGISTRATION.items() if k not in ("channel", "service_employee")}


def file(data: bytes, name: str, kind: str = "application/octet-stream"):
    return (io.BytesIO(data), name, kind)


def upload(user, reference, data, name):
    url = f"/klachten/{reference}/documenten"
    return user.post(url, {"document": file(data, name)}, follow_redirects=True)


def download_links(html: str) -> list[str]:
    return re.findall(r'href="(/klachten/[^"]+/documenten/\d+)"', html)


def test_staff_attach_a_document_and_download_it_as_an_attachment(as_user, engine):
    reference = register(engine)
    carla = as_user("carla")
    big = PDF + b"0" * (1024 * 1024)  # larger than the app-wide limit for text forms
    page = upload(carla, reference, big, "Brief één.pdf").get_data(as_text=True)
    assert "Het document Brief één.pdf is toegevoegd aan het dossier." in page
    assert "Carla de Vries" in page and "1,0 MB" in page
    [link] = download_links(page)
    response = carla.get(link)
    assert response.status_code == 200 and response.data == big
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Brief%20%C3%A9%C3%A9n.pdf" in disposition
    assert [e.event for e in engine.history(reference)][-1] == "document_added"


def test_a_document_that_does_not_fit_is_refused_in_dutch(as_user, engine):
    reference = register(engine)
    carla = as_user("carla")
    for data, name, message in [
        (b"MZ", "virus.exe", "Dit soort bestand kan niet worden toegevoegd"),
        (b"<html><script>", "nep.pdf", "De inhoud van het bestand past niet bij het soort bestand."),
        (b"x" * (10 * 1024 * 1024 + 1), "groot.txt", "Het bestand is groter dan 10 MB."),
    ]:
        page = upload(carla, reference, data, name).get_data(as_text=True)
        assert f"Het document is niet toegevoegd: {message}" in page, name
    assert "Kies eerst een bestand" in upload(carla, reference, b"", "").get_data(as_text=True)
    too_big = carla.http.post(  # refused on its length, before anything reads it
        f"/klachten/{reference}/documenten",
        data=b"x" * (11 * 1024 * 1024),
        content_type="multipart/form-data; boundary=grens",
    )
    assert too_big.status_code == 413 and "ten hoogste 10 MB" in too_big.get_data(as_text=True)
    assert engine.documents(reference, "carla") == []


def test_only_those_who_may_see_the_complaint_get_its_documents(as_user, engine):
    reference = register(engine, category="discriminatie", service_employee="pieter")
    other = register(engine)
    document = engine.attach_document(reference, "yasmin", "verslag.txt", "text/plain", b"<b>hallo</b>")
    url = f"/klachten/{reference}/documenten/{document.id}"
    for login in ("carla", "henk", "bram"):
        assert as_user(login).get(url).status_code == 404, login
    anna = as_user("anna")  # the auditor sees it, but does not work on cases
    page = anna.get(f"/klachten/{reference}").get_data(as_text=True)
    assert download_links(page) == [url] and 'action="/klachten/' + reference + '/documenten"' not in page
    assert anna.get(url).data == b"<b>hallo</b>"
    assert upload(anna, reference, b"x", "x.txt").status_code == 403
    assert as_user("yasmin").get(f"/klachten/{other}/documenten/{document.id}").status_code == 404


def test_the_complainant_attaches_a_document_to_the_public_form(client, engine):
    response = client.post("/klacht-indienen", {**PUBLIC, "document": file(PDF, "foto.pdf")})
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Uw document foto.pdf is toegevoegd aan uw klacht." in page
    [document] = engine.documents("KL-2026-0001", "yasmin")
    assert (document.filename, document.uploaded_by) == ("foto.pdf", "klager")


def test_a_wrong_document_on_the_public_form_files_nothing(client, engine):
    response = client.post("/klacht-indienen", {**PUBLIC, "document": file(b"MZ", "virus.exe")})
    assert response.status_code == 400
    assert "Bijlage: Dit soort bestand kan niet worden toegevoegd" in response.get_data(as_text=True)
    assert engine.instances("klachtafhandeling") == []


def test_the_complainant_attaches_a_document_through_their_link(client, as_user, engine):
    reference = register(engine)
    link = mailed_link(engine, reference)
    assert 'type="file"' in client.get(link).get_data(as_text=True)
    response = client.post(link, {"approved": "ja", "document": file(b"Nog een toelichting", "extra.txt")})
    assert response.status_code == 200
    assert "Uw document extra.txt is toegevoegd" in response.get_data(as_text=True)
    [document] = engine.documents(reference, "carla")
    assert document.uploaded_by == "klager"
