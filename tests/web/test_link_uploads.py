"""Documents sent through a personal link are kept only with an accepted answer, and a link
cannot fill the database (issue 16.8: three 9 MB uploads with a refused answer were all kept)."""

import io

from engine.documents import COMPLAINANT_MAX_BYTES, COMPLAINANT_MAX_DOCUMENTS

from .conftest import do, mailed_link, register, to_contact

NINE_MB = b"%PDF-1.4 " + b"x" * (9 * 2**20)
# Through the test client a file stays under 500 kB: larger ones spool to a temporary file
# that the test client's request never closes (a ResourceWarning, an error in this suite).
PAGES = b"%PDF-1.4 " + b"x" * (400 * 2**10)


def pdf(data=PAGES, name="bewijs.pdf"):
    return (io.BytesIO(data), name, "application/pdf")


def test_a_refused_answer_keeps_no_document(client, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference)
    do(engine, reference, "contact_opnemen", "yasmin", contact_summary="Gebeld.", outcome="opgelost")
    do(engine, reference, "afhandeling_rapporteren", "yasmin", resolution="Opgelost.", procedure_change=False)
    link = mailed_link(engine, reference)
    for _ in range(3):
        refused = client.post(link, {"satisfied": "nee", "document": pdf()})  # no reason given: refused
        assert refused.status_code == 400
    assert engine.documents(reference, "yasmin") == []
    accepted = client.post(link, {"satisfied": "ja", "document": pdf(b"%PDF-1.4 klein", "akkoord.pdf")})
    assert accepted.status_code == 200
    assert [d.filename for d in engine.documents(reference, "yasmin")] == ["akkoord.pdf"]


def test_the_complainants_documents_have_a_count_and_size_limit(client, engine):
    reference = register(engine)
    for number in range(COMPLAINANT_MAX_DOCUMENTS):
        engine.attach_document(reference, None, f"d{number}.txt", "text/plain", b"tekst")
    link = mailed_link(engine, reference)
    response = client.post(
        link, {"approved": "ja", "document": (io.BytesIO(b"meer"), "meer.txt", "text/plain")}
    )
    assert response.status_code == 400
    assert f"al {COMPLAINANT_MAX_DOCUMENTS} documenten" in response.get_data(as_text=True)
    assert len(engine.documents(reference, "carla")) == COMPLAINANT_MAX_DOCUMENTS
    assert engine.tasks(reference=reference)[0].bpmn_id == "akkoord_klager"  # the answer waits too
    assert client.post(link, {"approved": "ja"}).status_code == 200  # without a document it goes on
    assert (
        COMPLAINANT_MAX_BYTES < COMPLAINANT_MAX_DOCUMENTS * 10 * 2**20
    )  # the total binds, not only each file


def test_the_total_size_per_complaint_is_bounded(engine):
    reference = register(engine)
    engine.attach_document(reference, None, "a.pdf", "application/pdf", NINE_MB)
    engine.attach_document(reference, None, "b.pdf", "application/pdf", NINE_MB)
    try:
        engine.attach_document(reference, None, "c.pdf", "application/pdf", NINE_MB)
    except Exception as refusal:  # noqa: BLE001
        assert "ten hoogste 25 MB" in str(refusal)
    else:
        raise AssertionError("a third 9 MB document was kept")
    assert len(engine.documents(reference, "carla")) == 2
