"""Where instances wait: per task of a process, how many wait there now and the median time the
tasks finished in a period were open, from the task projection alone."""

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from .models import Definition, Instance, Task


@dataclass(frozen=True)
class StepLoad:
    bpmn_id: str
    title: str
    waiting_now: int
    finished: int  # tasks of this step finished (completed or cancelled) in the period
    median_seconds: float | None  # how long those were open, median


def step_loads(
    session, process_id: str, start: datetime, end: datetime, version: int | None = None
) -> list[StepLoad]:
    """Per task (BPMN id) of the process: waiting now, and finished in [start, end) with median."""
    scope = (
        select(Task.bpmn_id)
        .join(Instance, Instance.id == Task.instance_id)
        .join(Definition, Definition.id == Instance.definition_id)
        .where(Instance.process_id == process_id)
    )
    if version is not None:
        scope = scope.where(Definition.version == version)
    titles: dict[str, str] = {}
    now_waiting: dict[str, int] = {}
    waiting = scope.add_columns(func.max(Task.title), func.count()).where(Task.state == "ready")
    for bpmn_id, title, count in session.execute(waiting.group_by(Task.bpmn_id)):
        titles[bpmn_id], now_waiting[bpmn_id] = title, count
    durations: dict[str, list[float]] = {}
    finished = scope.add_columns(Task.title, Task.created_at, Task.completed_at).where(
        Task.state != "ready", Task.completed_at >= start, Task.completed_at < end
    )
    for bpmn_id, title, created, done in session.execute(finished):
        titles.setdefault(bpmn_id, title)
        durations.setdefault(bpmn_id, []).append((done - created).total_seconds())
    return [
        StepLoad(
            bpmn_id=bpmn_id,
            title=titles[bpmn_id],
            waiting_now=now_waiting.get(bpmn_id, 0),
            finished=len(durations.get(bpmn_id, ())),
            median_seconds=statistics.median(durations[bpmn_id]) if bpmn_id in durations else None,
        )
        for bpmn_id in sorted(titles)
    ]
