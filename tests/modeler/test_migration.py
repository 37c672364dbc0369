"""Moving running complaints to a newer version: only when their steps exist there, always recorded."""

import re
from datetime import timedelta

from tests.conftest import FRIDAY_MORNING

from .diagrams import XML, changed

LONGER_CONTACT = changed(b"add_working_days(now(), 2).isoformat()", b"add_working_days(now(), 3).isoformat()")
RENAMED_CONTACT = changed(b'name="Contact opnemen met klager"', b'name="Klager bellen"', LONGER_CONTACT)


def deploy(engine, xml) -> int:
    new = {v.process_id: v for v in engine.deploy(xml, actor="pieter", comment="test")}
    return new["klachtafhandeling"].id


def test_a_complaint_moves_to_the_new_version_and_finishes_there(procedure, engine):
    reference = procedure.register()
    procedure.to_contact(reference)
    task = procedure.task(reference, "contact_opnemen")
    assert task.due.day == 1  # Tuesday 1 December: 2 working days after Friday
    target = deploy(engine, RENAMED_CONTACT)

    [outcome] = engine.migrate([reference], target, actor="pieter")

    assert (outcome.migrated, outcome.message) == (True, "omgezet van versie 1 naar versie 2")
    assert [(key, due.day) for key, _name, due in outcome.new_terms] == [("termijn_contact", 2)]
    assert engine.instance(reference).version == 2
    moved = procedure.task(reference, "contact_opnemen")
    assert (moved.id, moved.title, moved.due.day) == (task.id, "Klager bellen", 2)
    [event] = procedure.events(reference, "migrated")
    assert event.actor == "pieter"
    assert event.details["from_version"] == 1 and event.details["to_version"] == 2
    procedure.do(reference, "contact_opnemen", "yasmin", contact_summary="Gebeld.", outcome="opgelost")
    procedure.do(reference, "afhandeling_rapporteren", "yasmin", resolution="Klaar.", procedure_change=False)
    procedure.do(reference, "tevredenheid_controleren", "carla", satisfied=True)
    assert engine.instance(reference).status == "closed"


def test_an_unchanged_term_keeps_its_moment(procedure, engine):
    reference = procedure.register()
    procedure.to_contact(reference)
    satisfaction_six = changed(b"add_working_days(now(), 5)", b"add_working_days(now(), 6)")
    target = deploy(engine, satisfaction_six)
    procedure.at(FRIDAY_MORNING + timedelta(days=3))

    [outcome] = engine.migrate([reference], target, actor="pieter")

    assert outcome.migrated and outcome.new_terms == []
    assert procedure.task(reference, "contact_opnemen").due.day == 1


def test_a_complaint_waiting_in_a_step_the_new_version_lacks_stays_where_it_is(procedure, engine):
    # The procedure's own steps stay in every version (process/contract.py); a step of its own does not.
    reference = procedure.register()
    procedure.do(reference, "akkoord_klager", "carla", approved=False, corrections="Datum klopt niet")
    target = deploy(engine, XML.replace(b"registratie_corrigeren", b"registratie_aanpassen"))
    before = procedure.events(reference)

    [outcome] = engine.migrate([reference], target, actor="pieter")

    assert not outcome.migrated
    assert outcome.message == (
        "de stap 'Klachtenformulier corrigeren', waar de klacht nu staat, bestaat niet in versie 2"
    )
    assert engine.instance(reference).version == 1
    assert procedure.events(reference) == before
    assert procedure.ready(reference) == ["registratie_corrigeren"]


def test_history_that_the_new_version_lacks_is_a_reason_to_refuse(procedure, engine):
    reference = procedure.register()
    procedure.to_contact(reference)
    target = deploy(engine, re.sub(rb'(?<=[">])ontvangstbevestiging(?=[<"])', b"bevestiging", XML))

    [outcome] = engine.migrate([reference], target, actor="pieter")

    assert outcome.message == (
        "de al afgeronde stap 'Ontvangstbevestiging met uitleg procedure versturen' bestaat niet in "
        "versie 2; "
        "de geschiedenis zou niet kloppen"
    )


def test_only_open_complaints_move_and_only_forward(procedure, engine):
    closed, current = procedure.register(), procedure.register()
    engine.cancel(closed, "yasmin", "dubbel")
    target = deploy(engine, LONGER_CONTACT)
    [newer] = [procedure.register()]
    versions = {v.version: v.id for v in engine.versions("klachtafhandeling")}

    outcomes = engine.migrate([closed, newer, current, "KL-2099-0001"], target, actor="pieter")
    back = engine.migrate([current], versions[1], actor="pieter")

    assert [(o.reference, o.migrated, o.message) for o in outcomes] == [
        (closed, False, "de klacht loopt niet meer"),
        (newer, False, "de klacht loopt al op versie 2; kies een nieuwere versie"),
        (current, True, "omgezet van versie 1 naar versie 2"),
        ("KL-2099-0001", False, "'KL-2099-0001' bestaat niet of is voor u afgeschermd."),
    ]
    assert back[0].message == "de klacht loopt al op versie 2; kies een nieuwere versie"


def test_running_complaints_show_their_version(procedure, engine):
    first = procedure.register()
    deploy(engine, LONGER_CONTACT)
    second = procedure.register()
    running = {r.reference: r for r in engine.running("klachtafhandeling")}
    assert (running[first].version, running[second].version) == (1, 2)
    assert running[first].steps == ("Klachtenformulier goedkeuren",)
    counts = {v.version: (v.running, v.latest) for v in engine.versions("klachtafhandeling")}
    assert counts == {1: (1, False), 2: (1, True)}
