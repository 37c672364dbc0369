"""Subprocesses, call activities, event subprocesses, their boundary timers and multi-instance user
tasks run end to end: start, inbox, complete, timers, history and the path through the diagram."""

from datetime import timedelta

import pytest

from engine.errors import InvalidFormData

from .conftest import FRIDAY_MORNING
from .diagrams import load


def started(engine, name, process_id):
    engine.deploy(load(name), actor="pieter")
    return engine.start(process_id, "yasmin", {}).reference


def ready(engine, reference) -> list[str]:
    return sorted(t.bpmn_id for t in engine.tasks(reference=reference))


def complete(engine, reference, bpmn_id, actor="yasmin", **data):
    task = next(t for t in engine.tasks(reference=reference) if t.bpmn_id == bpmn_id)
    return engine.complete_task(task.id, actor, data)


def events(engine, reference) -> list[tuple[str, str | None]]:
    return [(e.event, e.task) for e in engine.history(reference)]


def later(engine, days):
    engine.clock.set(FRIDAY_MORNING + timedelta(days=days))
    return [(f.reference, f.element) for f in engine.fire_due_timers()]


def test_a_user_task_inside_a_subprocess_is_completed_and_the_process_goes_on(engine):
    reference = started(engine, "subprocess", "met_deelproces")
    [inner] = engine.tasks(reference=reference)
    assert inner.bpmn_id == "binnen"
    assert inner.due == FRIDAY_MORNING + timedelta(days=3)  # the subprocess's term
    assert [row.task.bpmn_id for row in engine.inbox("yasmin", scope="roles").rows] == ["binnen"]
    complete(engine, reference, "binnen", actor="yasmin")
    assert ready(engine, reference) == ["na"]
    complete(engine, reference, "na")
    assert engine.instance(reference).status == "closed"
    assert ("task_completed", "binnen") in events(engine, reference)
    path = engine.instance_path(reference)
    assert {"deelproces", "binnen", "na", "einde"} <= set(path.completed)
    assert {"d1", "d2", "f1", "f2", "f3"} <= set(path.flows)


def test_the_timer_on_a_subprocess_interrupts_the_task_inside(engine):
    reference = started(engine, "subprocess", "met_deelproces")
    assert later(engine, 2) == []
    assert later(engine, 4) == [(reference, "te_laat")]
    assert ready(engine, reference) == ["rappel"]
    assert ("task_cancelled", "binnen") in events(engine, reference)
    path = engine.instance_path(reference)
    assert path.timers_fired == ("te_laat",) and path.active == ("rappel",)


def test_a_call_activity_runs_the_called_process_with_its_lanes_and_forms(engine):
    reference = started(engine, "call_activity", "met_aanroep")
    [check] = engine.tasks(reference=reference)
    assert (check.bpmn_id, check.role, check.form) == ("controleren", "afhandelaar", "tevredenheid")
    assert check.due == FRIDAY_MORNING + timedelta(days=1)
    assert [row.task.bpmn_id for row in engine.inbox("yasmin", scope="roles").rows] == ["controleren"]
    with pytest.raises(InvalidFormData):
        complete(engine, reference, "controleren", actor="yasmin")
    assert later(engine, 2) == [(reference, "herinnering")]  # not interrupting: the check stays
    complete(engine, reference, "controleren", actor="yasmin", satisfied=True)
    assert ready(engine, reference) == ["na"]
    assert engine.instance(reference).data["satisfied"] is True
    complete(engine, reference, "na")
    assert engine.instance(reference).status == "closed"
    path = engine.instance_path(reference)
    assert {"aanroep", "controleren", "na"} <= set(path.completed)
    assert path.timers_fired == ("herinnering",)


def test_an_event_subprocess_waits_beside_the_work_and_ends_with_it(engine):
    reference = started(engine, "event_subprocess", "met_gebeurtenisdeelproces")
    assert ready(engine, reference) == ["werk"]
    complete(engine, reference, "werk")
    assert engine.instance(reference).status == "closed"
    assert later(engine, 3) == []


def test_an_interrupting_event_subprocess_takes_over_when_its_timer_fires(engine):
    reference = started(engine, "event_subprocess", "met_gebeurtenisdeelproces")
    assert later(engine, 3) == [(reference, "termijn_voorbij")]
    assert ready(engine, reference) == ["escaleren"]
    assert ("task_cancelled", "werk") in events(engine, reference)
    complete(engine, reference, "escaleren")
    assert engine.instance(reference).status == "closed"
    assert engine.instance_path(reference).timers_fired == ("termijn_voorbij",)


def test_multi_instance_user_tasks_are_each_in_the_inbox_and_each_completed(engine):
    reference = started(engine, "multi_instance", "met_meervoud")
    parallel = engine.tasks(reference=reference)
    assert [t.bpmn_id for t in parallel] == ["beoordelen"] * 3
    assert {t.due for t in parallel} == {FRIDAY_MORNING + timedelta(days=5)}
    for _ in range(3):
        complete(engine, reference, "beoordelen")
    assert ready(engine, reference) == ["tekenen"]  # sequential: one at a time
    complete(engine, reference, "tekenen")
    assert ready(engine, reference) == ["tekenen"]
    complete(engine, reference, "tekenen")
    assert engine.instance(reference).status == "closed"
    created = [e for e in events(engine, reference) if e == ("task_created", "beoordelen")]
    assert len(created) == 3


def test_the_term_of_a_multi_instance_task_cancels_every_instance(engine):
    reference = started(engine, "multi_instance", "met_meervoud")
    complete(engine, reference, "beoordelen")
    assert later(engine, 6) == [(reference, "beoordelen_termijn")]
    assert engine.tasks(reference=reference) == []
    assert engine.instance(reference).status == "closed"
    assert [e for e in events(engine, reference) if e[0] == "task_cancelled"] == [
        ("task_cancelled", "beoordelen")
    ] * 2


def test_an_event_based_gateway_takes_the_message_when_it_comes_first(engine):
    reference = started(engine, "event_gateway", "met_gebeurtenispoort")
    assert ready(engine, reference) == ["werk"]
    complete(engine, reference, "werk")
    assert engine.instance(reference).status == "closed"
    assert "klaar_ontvangen" in engine.instance_path(reference).completed
    assert later(engine, 1) == []


def test_an_event_based_gateway_takes_the_timer_when_it_comes_first(engine):
    reference = started(engine, "event_gateway", "met_gebeurtenispoort")
    engine.clock.set(FRIDAY_MORNING + timedelta(hours=1, seconds=1))
    assert [f.element for f in engine.fire_due_timers()] == ["uur_voorbij"]
    assert ready(engine, reference) == ["te_laat", "werk"]
    complete(engine, reference, "werk")  # its message now has no one waiting for it
    complete(engine, reference, "te_laat")
    assert engine.instance(reference).status == "closed"
