"""Versions: who deployed what when, what changed between two, and rolling back to an earlier one."""

import pytest

from engine.errors import NotAllowed

from .diagrams import XML, changed

THREE_DAYS = changed(b"add_working_days(now(), 2).isoformat()", b"add_working_days(now(), 3).isoformat()")
EXTRA_STEP = changed(
    b'<bpmn:endEvent id="klacht_gesloten" name="Klacht gesloten">',
    b'<bpmn:endEvent id="klacht_gesloten" name="Klacht definitief gesloten">',
    changed(b'value="escalatie"/>', b'value="contact"/>', THREE_DAYS),
)


def ids(engine) -> dict[int, int]:
    return {v.version: v.id for v in engine.versions("klachtafhandeling")}


def test_versions_say_who_deployed_them_when_and_why(engine):
    engine.deploy(THREE_DAYS, actor="pieter", comment="contact binnen 3 werkdagen")
    listed = engine.versions("klachtafhandeling")
    assert [(v.version, v.deployed_by, v.comment, v.latest) for v in listed] == [
        (2, "pieter", "contact binnen 3 werkdagen", True),
        (1, "systeem", "meegeleverd diagram", False),
    ]
    assert listed[0].deployed_at == engine.clock.now()
    shown, xml = engine.latest_file()
    assert (shown.version, xml.encode()) == (2, THREE_DAYS)


def test_the_difference_between_two_versions_reads_as_elements_and_what_changed(engine):
    engine.deploy(EXTRA_STEP, actor="pieter")
    diff = engine.compare_versions(ids(engine)[1], ids(engine)[2])
    changes = {c.element: c.changes for c in diff.changed}
    assert changes["termijn_contact"] == ("termijn: '2 werkdagen' → '3 werkdagen'",)
    assert changes["escalatie_contact"] == ("formulier: 'escalatie' → 'contact'",)
    assert changes["klacht_gesloten"] == ("naam: 'Klacht gesloten' → 'Klacht definitief gesloten'",)
    assert diff.added == diff.removed == [] and not diff.drawing_changed
    back = engine.compare_versions(ids(engine)[2], ids(engine)[1])
    assert {c.element for c in back.changed} == set(changes)


def test_added_and_removed_elements_are_named(engine):
    renamed = XML.replace(b"escalatie_contact_afgehandeld", b"escalatie_contact_klaar")
    engine.deploy(renamed, actor="pieter")
    diff = engine.compare_versions(ids(engine)[1], ids(engine)[2])
    assert [(c.element, c.kind, c.name) for c in diff.added] == [
        ("escalatie_contact_klaar", "eindgebeurtenis", "Escalatie afgehandeld")
    ]
    assert [c.element for c in diff.removed] == ["escalatie_contact_afgehandeld"]
    assert [c.element for c in diff.changed] == ["Lane_relatiemanager", "Flow_escalatie_contact_eind"]


def test_rolling_back_deploys_the_old_file_as_the_newest_version(procedure, engine):
    engine.deploy(THREE_DAYS, actor="pieter")
    rolled = {v.process_id: v for v in engine.roll_back(ids(engine)[1], "pieter", "te streng")}
    assert (rolled["klachtafhandeling"].version, rolled["klachtafhandeling"].new) == (3, True)
    listed = engine.versions("klachtafhandeling")
    assert (listed[0].version, listed[0].comment) == (3, "Teruggezet naar versie 1: te streng")
    assert engine.version_file(listed[0].id)[1].encode() == XML
    reference = procedure.register()
    procedure.to_contact(reference)
    assert procedure.task(reference, "contact_opnemen").due.day == 1  # 2 working days again
    with pytest.raises(NotAllowed, match="gelijk aan de nieuwste versie"):
        engine.roll_back(ids(engine)[1], "pieter")
