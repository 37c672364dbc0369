"""The engine's oversight verbs: finding complaints, the path on the diagram, the data as it was,
recorded views and where complaints wait."""

from datetime import datetime

import pytest

from engine.errors import NotFound
from engine.instance_search import InstanceQuery
from process.calendar import AMSTERDAM
from tests.web.conftest import do, register, to_contact

from .walk import at, closed, midway

ALL = InstanceQuery("klachtafhandeling", text_fields=("complainant_name", "description"))


def refs(engine, viewer="anna", **changes):
    query = InstanceQuery(**{**ALL.__dict__, **changes})
    return [row.reference for row in engine.find_instances(query, viewer).rows]


@pytest.fixture
def three(engine):
    """A closed complaint, one mid-way about discrimination, and a new one registered in December."""
    first = closed(engine)
    second = midway(engine, "yasmin", category="discriminatie", complainant_name="Fatima el Amrani")
    at(engine, 2026, 12, 9, 9)
    third = register(engine, complainant_name="Peter Smit", description="Factuur 100% te hoog_")
    return first, second, third


def test_search_finds_reference_complainant_and_text(engine, three):
    first, second, third = three
    assert refs(engine, text=second) == [second]
    assert refs(engine, text="el amrani") == [second]
    assert refs(engine, text="100%") == [third]
    assert refs(engine, text="te hoog_") == [third]
    assert refs(engine, text="%") == [third]  # the wildcard is searched for, not used
    assert refs(engine, text="niemand") == []


def test_filters_on_status_category_handler_period_and_version(engine, three):
    first, second, third = three
    assert refs(engine, status="closed") == [first]
    assert refs(engine, where={"category": "discriminatie"}) == [second]
    assert refs(engine, where={"handler": "yasmin"}, sort="reference") == [first, second]
    december = datetime(2026, 12, 1, tzinfo=AMSTERDAM)
    assert refs(engine, started_from=december) == [third]
    assert refs(engine, started_before=december, sort="reference") == [first, second]
    assert refs(engine, version=1, sort="reference") == [first, second, third]
    assert refs(engine, version=2) == []


def test_overdue_is_a_term_passing_now_and_missed_includes_late_steps(engine, three):
    first, second, third = three
    # Both walked complaints made contact a day late; none is past a term right now.
    assert refs(engine, late="missed", sort="reference") == [first, second]
    assert refs(engine, late="overdue") == []
    to_contact(engine, third)
    at(engine, 2026, 12, 14, 9)
    # The second's satisfaction check (due Thursday 10 December) and the third's contact are late now.
    assert refs(engine, late="overdue", sort="reference") == [second, third]
    found = engine.find_instances(InstanceQuery("klachtafhandeling", sort="reference"), "anna").rows
    assert [(r.overdue, r.term_missed) for r in found] == [(False, True), (True, True), (True, True)]


def test_sorting_and_pages(engine, three):
    first, second, third = three
    assert refs(engine, sort="-reference") == [third, second, first]
    assert refs(engine, sort="data.complainant_name") == [second, first, third]
    page = engine.find_instances(
        InstanceQuery("klachtafhandeling", sort="reference", per_page=2, page=2), "anna"
    )
    assert ([r.reference for r in page.rows], page.total, page.pages) == ([third], 3, 2)
    assert len(engine.export_instances(InstanceQuery("klachtafhandeling", per_page=1), "anna")) == 3


def test_a_handler_finds_only_the_complaints_they_may_see(engine, three):
    first, second, third = three
    assert refs(engine, "henk") == []
    assert refs(engine, "carla", sort="reference") == [first, third]  # she registered these two


def test_the_path_of_a_complaint_mid_way(engine):
    path = engine.instance_path(midway(engine), "anna")
    assert path.active == ("tevredenheid_controleren",)
    assert path.timers_fired == ("termijn_contact",)
    assert path.timers_running == ("termijn_tevredenheid",)
    assert {"klacht_ontvangen", "akkoord_klager", "contact_opnemen", "escalatie_contact"} <= set(
        path.completed
    )
    assert "opnieuw_oplossen" not in path.completed
    assert {"Flow_akkoord_ja", "Flow_termijn_contact_escalatie", "Flow_procedure_nee"} <= set(path.flows)
    assert "Flow_akkoord_nee" not in path.flows
    assert path.version == 1


def test_the_path_of_a_closed_complaint(engine):
    path = engine.instance_path(closed(engine), "anna")
    assert path.active == () and path.timers_running == ()
    assert {"opnieuw_oplossen", "klacht_gesloten", "afsluitbevestiging", "tevredenheid_controleren"} <= set(
        path.completed
    )
    assert {"Flow_tevreden_nee", "Flow_oplossen_tevredenheid", "Flow_tevreden_ja"} <= set(path.flows)
    assert "termijn_heroplossing" not in path.timers_fired


def test_the_data_as_it_was_after_each_step(engine):
    reference = closed(engine)
    entries = engine.audit_entries(reference, "anna")
    started, last = entries[0], entries[-1]
    assert started.form == "registratie"
    assert engine.case_as_it_was(reference, started.id).data == engine.audit_entries(reference)[0].data_after
    assert engine.case_as_it_was(reference, last.id, "anna").data == engine.instance(reference).data
    first_check = next(
        e for e in entries if e.bpmn_id == "tevredenheid_controleren" and e.event == "task_completed"
    )
    assert engine.case_as_it_was(reference, first_check.id).data["satisfied"] is False
    with pytest.raises(NotFound):
        engine.case_as_it_was(reference, last.id + 1000)


def test_viewing_is_recorded_and_listed_for_those_who_may_see_it(engine):
    reference = midway(engine, "yasmin", category="discriminatie")
    engine.record_view(reference, "yasmin", "/klachten/" + reference)
    engine.record_view(reference, "anna", "/audit/klachten/" + reference)
    listed = engine.viewings("anna")
    assert [(v.actor, v.reference) for v in listed.rows] == [("anna", reference), ("yasmin", reference)]
    assert engine.viewings("henk").rows == []
    with pytest.raises(NotFound):
        engine.record_view(reference, "carla", "/klachten/" + reference)
    assert engine.verify_audit(reference).intact


def test_where_complaints_wait(engine):
    closed(engine)
    waiting = midway(engine)
    do(engine, waiting, "tevredenheid_controleren", "carla", satisfied=False, satisfaction_remarks="Nee.")
    december = (datetime(2026, 12, 1, tzinfo=AMSTERDAM), datetime(2027, 1, 1, tzinfo=AMSTERDAM))
    loads = {load.bpmn_id: load for load in engine.step_loads("klachtafhandeling", *december)}
    assert loads["opnieuw_oplossen"].waiting_now == 1
    # Both contacts were open from Monday 30 November 10:00 to Thursday 3 December 11:00.
    contact = loads["contact_opnemen"]
    assert (contact.waiting_now, contact.finished, contact.median_seconds) == (0, 2, (3 * 24 + 1) * 3600)
    november = (datetime(2026, 11, 1, tzinfo=AMSTERDAM), december[0])
    in_november = {load.bpmn_id for load in engine.step_loads("klachtafhandeling", *november)}
    assert "akkoord_klager" in in_november and "contact_opnemen" not in in_november
    assert engine.step_loads("klachtafhandeling", *december, version=2) == []
