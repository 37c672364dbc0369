"""Dates entered as terms are checked on the engine's clock: not in the past, not beyond two years."""

from datetime import date

import pytest

from engine.errors import InvalidFormData
from process.term_dates import HORIZON, term_problem

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (date(2020, 1, 1), "verleden"),
        (date(2026, 11, 26), "verleden"),  # yesterday
        (TODAY, None),
        (date(2026, 11, 29), None),  # a Sunday: kept, the term ends on Monday
        (TODAY + HORIZON, None),
        (TODAY + HORIZON + (date(2000, 1, 2) - date(2000, 1, 1)), "binnen twee jaar"),
        (date(2099, 1, 5), "binnen twee jaar"),
    ],
)
def test_term_edges(day, refused):
    problem = term_problem(day, TODAY)
    assert (problem is None) if refused is None else (refused in problem)


def test_every_term_field_is_checked_on_the_engines_clock(procedure, engine):
    ref = procedure.register(service_employee="onbekend")
    procedure.to_contact(ref, handler="henk")
    contact = {"contact_summary": "Gebeld", "outcome": "afspraak", "agreement": "Volgende week"}
    with pytest.raises(InvalidFormData) as refused:
        procedure.do(ref, "contact_opnemen", "henk", agreed_term="2020-01-01", **contact)
    assert "verleden" in refused.value.fields["agreed_term"]
    procedure.at(procedure.engine.clock.now().replace(year=2019, month=12, day=30))  # its clock decides
    procedure.do(ref, "contact_opnemen", "henk", agreed_term="2020-01-01", **contact)
    with pytest.raises(InvalidFormData) as refused:
        procedure.do(
            ref,
            "afhandeling_rapporteren",
            "henk",
            resolution="Opgelost",
            procedure_change=True,
            procedure_change_description="Belscript",
            procedure_change_term="2099-01-05",
        )
    assert "binnen twee jaar" in refused.value.fields["procedure_change_term"]


@pytest.mark.parametrize(
    ("entered", "becomes"),
    [
        ("2026-11-29", "2026-11-30"),  # Sunday -> Monday
        ("2026-12-25", "2026-12-28"),  # Christmas (Friday) -> Monday after Boxing Day and the weekend
        ("2026-12-01", "2026-12-01"),  # a Tuesday stays
    ],
)
def test_a_term_on_a_non_working_day_becomes_the_next_working_day(procedure, engine, entered, becomes):
    ref = procedure.register(service_employee="onbekend")
    procedure.to_contact(ref, handler="henk")
    contact = {"contact_summary": "Gebeld", "outcome": "afspraak", "agreement": "Volgende week"}
    procedure.do(ref, "contact_opnemen", "henk", agreed_term=entered, **contact)
    data = engine.instance(ref).data
    assert data["agreed_term"] == becomes
    assert data.get("agreed_term_entered") == (entered if entered != becomes else None)
