"""Moving a running workflow to a newer version of its process (SpiffWorkflow has no such verb).

The task tree stays: every task is pointed at the task spec with the same BPMN id in the new
version, and what waits (ready tasks, timers) is predicted again from the new version with
SpiffWorkflow's `migrate_workflow`. A timer whose expression did not change keeps its due moment;
a changed one is evaluated again, so its term counts from the moment of migration.
"""

from copy import deepcopy
from dataclasses import dataclass, field
from uuid import UUID

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff, migrate_workflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from .diagram import properties
from .state import SERIALIZER
from .timers import due_moment

ACTIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED


class MigrationRefused(Exception):
    """This instance cannot move to that version; `message` says why, in Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MigrationOutcome:
    reference: str
    migrated: bool
    message: str
    new_terms: list[tuple[str, str, object]] = field(default_factory=list)  # (bpmn id, name, due)


def move(workflow, model, version: int) -> list[tuple[str, str, object]]:
    """Point the workflow at `model`'s spec; the timers that got a new due moment, or a refusal."""
    new_specs = model.spec.task_specs
    if workflow.subprocesses:
        raise MigrationRefused("een klacht die in een subproces staat kan (nog) niet worden omgezet")
    for task in workflow.tasks.values():
        if not task.has_state(TaskState.PREDICTED_MASK):
            _require_counterpart(task, new_specs.get(task.task_spec.name), version)
    kept = {
        task.id: deepcopy(task.internal_data)
        for task in workflow.get_tasks(state=TaskState.WAITING)
        if _same_timer(task.task_spec, new_specs[task.task_spec.name])
    }
    diff = WorkflowDiff(workflow, SpecDiff(SERIALIZER.registry, workflow.spec, model.spec))
    try:
        migrate_workflow(diff, workflow, model.spec)
    except SpiffWorkflowException as error:
        raise MigrationRefused(f"versie {version} liep vast bij het omzetten: {error}") from None
    workflow.subprocess_specs = model.subprocess_specs
    for task_id, data in kept.items():
        if task_id in workflow.tasks:
            workflow.tasks[task_id].internal_data = data
    stray = [t.task_spec.name for t in workflow.tasks.values() if not _belongs(t.task_spec, new_specs)]
    if stray:
        raise MigrationRefused(f"de stap '{stray[0]}' heeft geen tegenhanger in versie {version}")
    return [
        (task.task_spec.bpmn_id, task.task_spec.bpmn_name or task.task_spec.bpmn_id, due_moment(task))
        for task in workflow.get_tasks(state=TaskState.WAITING)
        if task.id not in kept and due_moment(task) is not None
    ]


def refresh_rows(rows, model, workflow) -> None:
    """Give the inbox rows of ready tasks the new version's title, lane, roles, form and term."""
    for row in rows:
        spec = model.spec.task_specs.get(row.bpmn_id)
        task = workflow.tasks.get(UUID(row.id))
        if spec is None or task is None:
            continue
        roles = model.roles_of(spec)
        row.title = spec.bpmn_name or spec.bpmn_id
        row.lane, row.role, row.roles = spec.lane, (roles[0] if roles else None), " ".join(roles)
        row.form = properties(spec).get("formKey")
        row.due = _term_of(task)


def _require_counterpart(task, target, version) -> None:
    spec = task.task_spec
    label = f"'{spec.bpmn_name or spec.bpmn_id}'" if spec.bpmn_id else f"rond '{spec.name.split('.')[0]}'"
    if target is None and spec.bpmn_id is None:
        raise MigrationRefused(f"de opbouw {label} (termijnen, gebeurtenissen) verschilt in versie {version}")
    if target is None and task.has_state(ACTIVE):
        raise MigrationRefused(f"de stap {label}, waar de klacht nu staat, bestaat niet in versie {version}")
    if target is None:
        raise MigrationRefused(
            f"de al afgeronde stap {label} bestaat niet in versie {version}; de geschiedenis zou niet kloppen"
        )
    if type(target) is not type(spec):
        raise MigrationRefused(f"de stap {label} is in versie {version} een ander soort element")
    if task.has_state(ACTIVE) and _attached(spec) != _attached(target):
        raise MigrationRefused(
            f"de termijnen of gebeurtenissen bij stap {label} zijn anders in versie {version}"
        )


def _attached(spec) -> list[str]:
    """The boundary events that belong with a step (or with the step a boundary event is on)."""
    splits = [each for each in spec.inputs if isinstance(each, BoundaryEventSplit)]
    return sorted(out.name for split in splits for out in split.outputs)


def _belongs(spec, new_specs) -> bool:
    return new_specs.get(spec.name) is spec


def _same_timer(old, new) -> bool:
    before, after = getattr(old, "event_definition", None), getattr(new, "event_definition", None)
    return (
        before is not None
        and type(before) is type(after)
        and getattr(before, "expression", None) == getattr(after, "expression", None)
    )


def _term_of(task):
    siblings = task.parent.children if task.parent is not None else []
    moments = [due_moment(s) for s in siblings if isinstance(s.task_spec, BoundaryEvent) and due_moment(s)]
    return min(moments, default=None)
