"""Timers that read the engine's clock.

SpiffWorkflow's timer event definitions compare due moments with the wall clock. Ours are the same
definitions reading `workflow.script_engine.clock`, so tests, demos and `--now` move time for real
and a deadline in the past is not fired by accident. The diagram parser's timers are swapped for
these after parsing (see diagram.py); the serializer knows them through SERIALIZER_CONFIG.
"""

import re
from datetime import datetime, timedelta

from SpiffWorkflow.bpmn.serializer.default.event_definition import (
    TimerConditionalEventDefinitionConverter,
)
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState


def _now(task) -> datetime:
    return task.workflow.script_engine.clock.now()


def _expression_value(task, expression):
    value = task.workflow.script_engine.evaluate(task, expression)
    if not isinstance(value, str):
        raise TypeError(f"timer expression {expression!r} must give an ISO 8601 text, not {value!r}")
    return value


class ClockedTimeDate(TimeDateEventDefinition):
    def has_fired(self, my_task):
        value = my_task.internal_data.get("event_value")
        if value is None:
            value = _expression_value(my_task, self.expression)
            my_task.internal_data["event_value"] = value
        if TimerEventDefinition.parse_time_or_duration(value) < _now(my_task):
            my_task.internal_data["event_fired"] = True
        return my_task.internal_data.get("event_fired", False)


class ClockedDuration(DurationTimerEventDefinition):
    def has_fired(self, my_task):
        value = my_task.internal_data.get("event_value")
        if value is None:
            duration = TimerEventDefinition.parse_iso_duration(_expression_value(my_task, self.expression))
            start = _now(my_task)
            value = (start + TimerEventDefinition.get_timedelta_from_start(duration, start)).isoformat()
            my_task.internal_data["event_value"] = value
        if TimerEventDefinition.get_datetime(value) < _now(my_task):
            my_task.internal_data["event_fired"] = True
        return my_task.internal_data.get("event_fired", False)


class ClockedCycle(CycleTimerEventDefinition):
    def cycle_complete(self, my_task):
        now = _now(my_task)
        value = my_task.internal_data.get("event_value")
        if value is None:
            value = _first_cycle(_expression_value(my_task, self.expression), now)
        ready = False
        if value["cycles"] != 0:
            next_event = datetime.fromisoformat(value["next"])
            if next_event < now:
                value["next"] = (next_event + timedelta(seconds=value["duration"])).isoformat()
                value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
            return False
        my_task.internal_data["event_value"] = value
        return ready


def _first_cycle(expression: str, now: datetime) -> dict:
    cycles, start, duration = TimerEventDefinition.parse_iso_recurring_interval(expression)
    parts = expression.upper().replace("--", "/").strip("R").split("/")
    if len(parts) == 2 and parts[1].startswith("P"):
        # "R3/PT1H" has no start: the library would count from the wall clock.
        start = now + duration
    return {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}


CLOCKED = {
    TimeDateEventDefinition: ClockedTimeDate,
    DurationTimerEventDefinition: ClockedDuration,
    CycleTimerEventDefinition: ClockedCycle,
}

SERIALIZER_CONFIG = {
    **SPIFF_CONFIG,
    **{cls: TimerConditionalEventDefinitionConverter for cls in CLOCKED.values()},
}


def clocked(definition):
    """The clock-reading twin of a parsed timer event definition (other definitions unchanged)."""
    twin = CLOCKED.get(type(definition))
    if twin is None:
        return definition
    expression = definition.expression
    if iso_literal(expression):
        expression = repr(expression.strip())
    return twin(definition.name, expression, description=definition.description)


# A timer written as plain ISO 8601 text, as BPMN means it and other modelers write it ("PT5M",
# "2026-03-10T09:00:00Z", "R3/PT10M"), rather than as an expression giving that text.
ISO_LITERAL = re.compile(
    r"^(R\d*/)?(P(?=\d|T\d)[\dYMWD.,]*(T[\dHMS.,]+)?|\d{4}-\d\d-\d\dT[\d:.,]+(Z|[+-]\d\d:?\d\d)?)"
    r"(/P(?=\d|T\d)[\dYMWD.,]*(T[\dHMS.,]+)?)?$"
)


def iso_literal(expression: str | None) -> bool:
    """Whether a timer's text is a plain ISO 8601 value, not Python."""
    return bool(ISO_LITERAL.match((expression or "").strip()))


def due_moment(task) -> datetime | None:
    """When a waiting timer task falls due, or None for other tasks and unevaluated timers."""
    definition = getattr(task.task_spec, "event_definition", None)
    # An event-based gateway waits on several events at once; its timer is one of them.
    inner = getattr(definition, "event_definitions", None)
    if inner is not None:
        definition = next((each for each in inner if isinstance(each, TimerEventDefinition)), None)
    value = task.internal_data.get("event_value")
    if not isinstance(definition, TimerEventDefinition) or value is None:
        return None
    if isinstance(value, dict):
        value = value["next"]
    if isinstance(definition, ClockedTimeDate):
        return TimerEventDefinition.parse_time_or_duration(value)
    return TimerEventDefinition.get_datetime(value)


def gateway_timer(task) -> bool:
    """Whether this task is the timer branch an event-based gateway took (the gateway keeps the
    branch's timer; the branch's own event is blank)."""
    gateway = task.parent.task_spec if task.parent is not None else None
    inner = getattr(getattr(gateway, "event_definition", None), "event_definitions", None)
    if inner is None or task.task_spec not in gateway.outputs:
        return False
    return isinstance(inner[gateway.outputs.index(task.task_spec)], TimerEventDefinition)


def next_due(workflow) -> datetime | None:
    """The earliest moment a waiting timer of this workflow falls due."""
    moments = [
        due_moment(task)
        for task in workflow.get_tasks(state=TaskState.WAITING)
        if due_moment(task) is not None
    ]
    return min(moments, default=None)
