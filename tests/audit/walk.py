"""Complaints walked through the procedure for the audit tests: mid-way, and closed after an
escalation and a loop of re-resolution. Times are Europe/Amsterdam."""

from datetime import datetime

from process.calendar import AMSTERDAM
from tests.web.conftest import do, register


def at(engine, *moment) -> None:
    engine.clock.set(datetime(*moment, tzinfo=AMSTERDAM))


def midway(engine, recorder="carla", **registration) -> str:
    """Registered Mon 30 Nov, approved, Yasmin handles it; the contact term (Wed 2 Dec) passes and
    escalates, contact is made late and the report is in: waiting for the satisfaction check."""
    at(engine, 2026, 11, 30, 9)
    reference = register(engine, **registration)
    do(engine, reference, "akkoord_klager", recorder, approved=True)
    at(engine, 2026, 11, 30, 10)
    do(engine, reference, "afhandelaar_bepalen", "yasmin", handler="yasmin")
    at(engine, 2026, 12, 3, 9)
    engine.fire_due_timers()
    at(engine, 2026, 12, 3, 10)
    do(engine, reference, "escalatie_contact", "yasmin", escalation_action="Afhandelaar aangesproken.")
    at(engine, 2026, 12, 3, 11)
    do(engine, reference, "contact_opnemen", "yasmin", contact_summary="Gebeld, excuses.", outcome="opgelost")
    at(engine, 2026, 12, 3, 14)
    do(engine, reference, "afhandeling_rapporteren", "yasmin", resolution="Teruggebeld.")
    return reference


def closed(engine, recorder="carla", **registration) -> str:
    """The mid-way complaint through one unsatisfied check and a re-resolution to its close.

    `recorder` records the complainant's answers on their behalf."""
    reference = midway(engine, recorder, **registration)
    at(engine, 2026, 12, 4, 10)
    do(
        engine,
        reference,
        "tevredenheid_controleren",
        recorder,
        satisfied=False,
        satisfaction_remarks="Nog steeds niet teruggebeld.",
    )
    at(engine, 2026, 12, 7, 15)
    do(engine, reference, "opnieuw_oplossen", "yasmin", re_resolution="Nu echt teruggebeld.")
    at(engine, 2026, 12, 8, 9)
    do(engine, reference, "tevredenheid_controleren", recorder, satisfied=True)
    return reference
