"""Personal data as the AVG demands: export everything about a person, then find it nowhere after
the retention term or an erasure request, while the statistics stay the same."""

import io
import json
import logging
import zipfile
from datetime import datetime, timedelta

import pytest
from sqlalchemy import MetaData, select

from engine.errors import EngineError, NotAllowed
from process.calendar import AMSTERDAM
from webforms.reporting import complaint_report

EMAIL = "fatima.privacy@example.org"
DESCRIPTION = "Bij de balie werd ik uitgescholden om mijn hoofddoek"
PDF = b"%PDF-1.4 brief van Fatima el Amrani\n%%EOF"


def local(*parts):
    return datetime(*parts, tzinfo=AMSTERDAM)


def closed_complaint(procedure, engine):
    ref = procedure.register(
        complainant_name="Fatima el Amrani",
        complainant_email=EMAIL,
        description=DESCRIPTION,
        category="discriminatie",
        service_employee="pieter",
    )
    engine.attach_document(ref, "yasmin", "brief Fatima.pdf", "application/pdf", PDF)
    engine.add_comment(ref, "yasmin", "Fatima belde terug over haar hoofddoek")
    procedure.do(ref, "akkoord_klager", "yasmin", approved=True)
    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="yasmin")
    procedure.do(ref, "contact_opnemen", "yasmin", contact_summary="Fatima gesproken", outcome="opgelost")
    procedure.do(
        ref, "afhandeling_rapporteren", "yasmin", resolution="Excuses aan Fatima", procedure_change=False
    )
    procedure.do(ref, "tevredenheid_controleren", "yasmin", satisfied=True)
    assert engine.instance(ref).status == "closed"
    return ref


def everything_stored(engine) -> str:
    """Every value of every row of every table, as one text."""
    metadata = MetaData()
    metadata.reflect(engine.db.reader)
    with engine.db.reader.connect() as connection:
        rows = [row for table in metadata.sorted_tables for row in connection.execute(select(table))]
    return "\n".join(repr(tuple(row)) for row in rows)


def test_subject_access_holds_everything_about_the_person(procedure, engine):
    ref = closed_complaint(procedure, engine)
    archive = zipfile.ZipFile(io.BytesIO(engine.subject_access(EMAIL, "bram")))
    names = archive.namelist()
    assert f"{ref}/klacht.json" in names
    exported = json.loads(archive.read(f"{ref}/klacht.json"))
    assert exported["data"]["complainant_email"] == EMAIL and exported["data"]["description"] == DESCRIPTION
    assert any(m["to"] == EMAIL for m in exported["mails"])
    assert any("hoofddoek" in n["text"] for n in exported["notes"])
    assert archive.read(f"{ref}/documenten/1-brief Fatima.pdf") == PDF
    assert procedure.events(ref)[-1].event == "subject_access"
    with pytest.raises(NotAllowed):
        engine.subject_access(EMAIL, "yasmin")


def test_after_the_retention_term_the_person_is_nowhere_and_the_figures_stay(procedure, engine, caplog):
    caplog.set_level(logging.DEBUG)
    ref = closed_complaint(procedure, engine)
    before = complaint_report(engine, (), "2026Q4")
    assert EMAIL in everything_stored(engine)

    procedure.at(local(2027, 12, 1, 12, 0))
    assert engine.apply_retention() == []  # two years have not passed yet
    procedure.at(local(2028, 12, 5, 12, 0))
    assert engine.apply_retention() == [ref]

    stored = everything_stored(engine)
    for secret in (EMAIL, "Fatima", DESCRIPTION, "hoofddoek", PDF.decode()):
        assert secret not in stored, secret
        assert secret not in caplog.text
    after = complaint_report(engine, (), "2026Q4")
    assert {k: v for k, v in after.items() if k != "as_of"} == {
        k: v for k, v in before.items() if k != "as_of"
    }
    assert engine.verify_audit().intact
    assert engine.instance(ref).data["category"] == "discriminatie"
    assert engine.apply_retention() == []


def test_a_legal_hold_stops_retention_and_erasure(procedure, engine):
    ref = closed_complaint(procedure, engine)
    engine.set_legal_hold(ref, "bram", "Rechtszaak loopt")
    procedure.at(local(2030, 1, 1, 12, 0))
    assert engine.apply_retention() == []
    with pytest.raises(NotAllowed, match="Rechtszaak loopt"):
        engine.erase_subject(EMAIL, "bram")
    engine.set_legal_hold(ref, "bram", None)
    assert engine.erase_subject(EMAIL, "bram") == [ref]
    assert EMAIL not in everything_stored(engine)
    assert engine.subjects(EMAIL) == []


def test_retention_terms_are_set_per_category(procedure, engine):
    ref = closed_complaint(procedure, engine)
    engine.set_retention_terms("bram", {"discriminatie": 30})
    assert engine.retention_terms() == {"default": 730, "discriminatie": 30}
    procedure.at(engine.clock.now() + timedelta(days=31))
    assert engine.apply_retention() == [ref]
    with pytest.raises(EngineError):
        engine.set_retention_terms("bram", {"discriminatie": -1})
    with pytest.raises(NotAllowed):
        engine.set_retention_terms("yasmin", {"default": 10})


@pytest.mark.parametrize(
    "filename, content_type, data, problem",
    [
        ("virus.exe", "application/octet-stream", b"MZ", "soort bestand"),
        ("nep.pdf", "application/pdf", b"<html>", "past niet"),
        ("leeg.txt", "text/plain", b"", "leeg"),
        ("groot.txt", "text/plain", b"x" * (10 * 1024 * 1024 + 1), "groter dan"),
    ],
)
def test_documents_are_checked_on_the_way_in(procedure, engine, filename, content_type, data, problem):
    ref = procedure.register()
    with pytest.raises(EngineError, match=problem):
        engine.attach_document(ref, "carla", filename, content_type, data)


def test_documents_are_only_for_those_who_may_see_the_complaint(procedure, engine):
    ref = procedure.register(category="discriminatie", service_employee="pieter")
    document = engine.attach_document(ref, "yasmin", "../../etc/passwd.txt", "text/plain", b"hallo")
    assert document.filename == "passwd.txt"
    assert engine.document(ref, document.id, "anna")[1] == b"hallo"
    for outsider in ("carla", "henk"):
        with pytest.raises(Exception, match="bestaat niet"):
            engine.document(ref, document.id, outsider)
