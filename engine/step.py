"""One engine step on one instance: run the workflow forward to its next wait states, then write
its state, the task projection, the case data and the audit trail in the caller's transaction."""

import json

from SpiffWorkflow.bpmn.specs.event_definitions.simple import TerminateEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

from . import access, audit, follow_ups, inbox, outbox, search_text, users
from .compaction import compact
from .diagram import properties
from .errors import ProcessFailure
from .event_subprocesses import settle, starts_process
from .failures import failure, passes_through
from .models import Task
from .state import dump
from .subworkflows import containers, find_task
from .timers import due_moment, gateway_timer, next_due
from .views import Notice

_MISSING = object()
_MAX_ROUNDS = 100
# Loops no longer deepen the task tree (see compaction.py), but a diagram can still nest deeply
# enough for the library's recursive tree walks: refuse the step (nothing is saved), never a 500.
TOO_DEEP = (
    "Deze klacht heeft te veel rondes doorlopen om nog verder te kunnen in dit proces. "
    "Er is niets gewijzigd; neem contact op met de procesbeheerder."
)


class Step:
    def __init__(self, session, instance, model, workflow, now, plugin):
        self.plugin = plugin
        self.session = session
        self.instance = instance
        self.model = model
        self.workflow = workflow
        self.now = now
        self.fired: list[tuple] = []
        self.directory = users.Directory(session)

    def advance(self) -> None:
        """Run every automatic task and every due timer until only people or time can go on."""
        try:
            self.workflow.refresh_timers()
            for _ in range(_MAX_ROUNDS):
                self.workflow.do_engine_steps(did_complete_task=self._completed)
                settled = settle(self.workflow, self.model.event_subprocesses)
                if not settled and not self.workflow.get_tasks(state=TaskState.READY, manual=False):
                    break
        except RecursionError:
            raise ProcessFailure(TOO_DEEP) from None
        except Exception as error:  # the diagram's own code or an element the library fails on
            if passes_through(error):
                raise
            raise failure(error) from None
        for thrown in self.workflow.get_events():
            if isinstance(thrown.event_definition, TerminateEventDefinition):
                continue  # the end of the instance, recorded as it closes
            name, payload = thrown.event_definition.name, _plain(thrown.payload)
            audit.record(
                self.session,
                self.instance,
                self.now,
                "message_sent",
                details={"message": name, "payload": payload},
            )
            self.notify("message", name, payload=payload)

    def notify(self, kind, name, payload=None, task=None) -> None:
        """Queue the mails the process wants for this notice, in this same transaction."""
        if self.plugin.notify is None:
            return
        notice = Notice(
            kind=kind,
            name=name,
            reference=self.instance.reference,
            case=dict(self.instance.data),
            now=self.now,
            directory=self.directory,
            payload=payload,
            task=task,
        )
        mails = [outbox.Mail(**mail) for mail in self.plugin.notify(notice)]
        outbox.queue(self.session, self.instance.id, self.now, mails)

    def merge_data(self, delta: dict) -> dict:
        """Add a task's changes to the case data; returns the values they replace."""
        delta = _plain(delta)
        before = {key: self.instance.data.get(key) for key in delta}
        self.instance.data = {**self.instance.data, **delta}
        return before

    def save(self, completed_task_id: str | None = None, completed_by: str | None = None) -> None:
        self._sync_tasks(completed_task_id, completed_by)
        compact(self.workflow)
        try:
            self.instance.state = dump(self.workflow)
        except (TypeError, ValueError) as error:  # a script left data that cannot be stored
            raise failure(error) from None
        self.instance.updated_at = self.now
        if self.instance.status == "open" and self.workflow.is_completed():
            self.instance.status = "closed" if self.workflow.success else "cancelled"
            self.instance.closed_at = self.now
            audit.record(self.session, self.instance, self.now, self.instance.status)
            if self.instance.status == "closed":
                follow_ups.open_for(self.session, self.instance, self.plugin, self.now)
            self.notify(self.instance.status, self.instance.process_id)
        self.instance.next_due = None if self.instance.status != "open" else next_due(self.workflow)
        access.update_viewers(self.session, self.instance, self.plugin)
        search_text.refresh(self.session, self.instance, self.plugin.search_fields)
        self.session.flush()

    def _completed(self, task) -> None:
        spec = task.task_spec
        if spec.bpmn_id is None or spec.manual:
            return
        definition = getattr(spec, "event_definition", None)
        timer = isinstance(definition, TimerEventDefinition) and not starts_process(task)
        if timer or gateway_timer(task):
            due = due_moment(task if timer else task.parent)
            self.fired.append((spec.bpmn_id, spec.bpmn_name, due))
            audit.record(
                self.session,
                self.instance,
                self.now,
                "timer_fired",
                bpmn_id=spec.bpmn_id,
                title=spec.bpmn_name,
                task_id=str(task.id),
                details={"due": due.isoformat() if due else None},
            )
            return
        delta = _delta(task)
        if delta and not isinstance(spec, CatchingEvent):
            before = self.merge_data(delta)
            audit.record(
                self.session,
                self.instance,
                self.now,
                "step_completed",
                bpmn_id=spec.bpmn_id,
                title=spec.bpmn_name,
                task_id=str(task.id),
                data_before=before,
                data_after=_plain(delta),
            )

    def _sync_tasks(self, completed_task_id, completed_by) -> None:
        ready = {str(t.id): t for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)}
        rows = self.session.scalars(
            select(Task).where(Task.instance_id == self.instance.id, Task.state == "ready")
        )
        known = set()
        for row in rows:
            known.add(row.id)
            if row.id not in ready:
                self._close_row(row, completed_task_id, completed_by)
        for task_id, task in ready.items():
            if task_id not in known:
                self._open_row(task_id, task)

    def _close_row(self, row, completed_task_id, completed_by) -> None:
        task = find_task(self.workflow, row.id)
        done = task is not None and task.state == TaskState.COMPLETED
        row.state = "completed" if done else "cancelled"
        row.completed_at = self.now
        if row.id == completed_task_id:
            row.completed_by = completed_by
        if not done:
            audit.record(
                self.session,
                self.instance,
                self.now,
                "task_cancelled",
                bpmn_id=row.bpmn_id,
                title=row.title,
                task_id=row.id,
            )

    def _open_row(self, task_id, task) -> None:
        spec = task.task_spec
        roles = self.model.roles_of(spec)
        row = Task(
            id=task_id,
            instance=self.instance,
            bpmn_id=spec.bpmn_id,
            title=spec.bpmn_name or spec.bpmn_id,
            lane=spec.lane,
            role=roles[0] if roles else None,
            roles=" ".join(roles),
            assignee=self._assignee(task),
            form=properties(spec).get("formKey"),
            due=_due_of(task, self.now),
            state="ready",
            created_at=self.now,
        )
        self.session.add(row)
        self.notify("task_created", row.bpmn_id, task=inbox.task_view(row))
        audit.record(
            self.session,
            self.instance,
            self.now,
            "task_created",
            bpmn_id=row.bpmn_id,
            title=row.title,
            task_id=task_id,
            details={
                "role": row.role,
                "assignee": row.assignee,
                "due": row.due.isoformat() if row.due else None,
            },
        )

    def _assignee(self, task) -> str | None:
        expression = properties(task.task_spec).get("assignee")
        if not expression:
            return None
        try:
            value = self.workflow.script_engine.evaluate(task, expression)
        except Exception as error:  # the diagram's expression: any error is the diagram's
            if passes_through(error):
                raise
            raise failure(error) from None
        return str(value) if value else None


def _due_of(task, opened):
    """The earliest timer on the task's boundary, or on the boundary of an activity around it
    (a subprocess, a call activity, a multi-instance activity): the moment its term ends. A timer
    already due when the task opens is no term (a diagram's way to say "no term agreed")."""
    siblings = task.parent.children if task.parent is not None else []
    around = [
        sibling
        for outer in containers(task)
        if outer.parent is not None
        for sibling in outer.parent.children
        if sibling.state == TaskState.WAITING
    ]
    moments = [
        due_moment(sibling)
        for sibling in (*siblings, *around)
        if isinstance(sibling.task_spec, BoundaryEvent) and due_moment(sibling) is not None
    ]
    moments = [moment for moment in moments if moment > opened]
    return min(moments, default=None)


def _delta(task) -> dict:
    parent = task.parent.data if task.parent is not None else {}
    return {k: v for k, v in task.data.items() if parent.get(k, _MISSING) != v}


def _plain(value):
    """JSON-safe copy: datetimes become ISO 8601 text."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))
