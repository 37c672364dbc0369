"""The engine's verbs: deploy, start, complete a task, fire due timers, cancel, and what to show."""

import hashlib
import logging
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimeDateEventDefinition
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import func, select, update
from sqlalchemy.orm.exc import StaleDataError

from . import access, audit, inbox, outbox, users
from .casework import CaseWork
from .clock import Clock, FixedClock
from .db import Database
from .diagram import problems, properties, read_diagram
from .documents import Documents
from .errors import (
    ConcurrentUpdate,
    InvalidDiagram,
    InvalidFormData,
    NotAllowed,
    NotFound,
    ProcessFailure,
    TaskAlreadyCompleted,
)
from .models import Definition, Instance, StartTimer, Task
from .oversight import Oversight
from .plugin import ProcessPlugin
from .privacy import Privacy
from .queries import Queries
from .references import next_reference
from .state import ClockedScriptEngine, SpecStore, dump, new_workflow, restore
from .step import Step
from .tokens import Tokens
from .versions import Versions
from .views import Fired, InstanceView, TaskView

log = logging.getLogger(__name__)


class Engine(Queries, CaseWork, Documents, Tokens, Oversight, Versions, Privacy):
    """Runs BPMN processes durably; every verb that changes something is one transaction."""

    def __init__(self, db: Database, plugin: ProcessPlugin, clock: Clock, zone: str = "UTC"):
        self.db = db
        self.plugin = plugin
        self.clock = clock
        self.zone = ZoneInfo(zone)
        self._models: dict[int, object] = {}
        self._specs = SpecStore()

    # -- definitions ------------------------------------------------------------------------

    def deploy(self, xml: bytes, actor: str, comment: str = ""):
        """Validate a BPMN file and deploy each of its processes whose content is new."""
        diagram = read_diagram(xml)
        found = problems(diagram, self.plugin)
        if found:
            raise InvalidDiagram(found)
        digest = hashlib.sha256(xml).hexdigest()
        now = self.clock.now()
        deployed = []
        with self.db.write() as session:
            for process_id, model in diagram.models.items():
                latest = inbox.latest_definition(session, process_id)
                if latest is not None and latest.sha256 == digest:
                    deployed.append(inbox.definition_view(latest))
                    continue
                row = Definition(
                    process_id=process_id,
                    version=latest.version + 1 if latest else 1,
                    name=model.name,
                    xml=xml.decode("utf-8"),
                    sha256=digest,
                    deployed_at=now,
                    deployed_by=actor,
                    comment=comment,
                )
                session.add(row)
                session.flush()
                self._models[row.id] = model
                if model.start_timer is not None:
                    self._schedule(session, row, model, after=now)
                deployed.append(inbox.definition_view(row, new=True))
        return deployed

    def is_deployed(self, xml: bytes) -> bool:
        """Whether this exact file was deployed before (as any version)."""
        digest = hashlib.sha256(xml).hexdigest()
        with self.db.read() as session:
            return (
                session.scalar(select(Definition.id).where(Definition.sha256 == digest).limit(1)) is not None
            )

    def _schedule(self, session, definition, model, after: datetime) -> None:
        timer = session.get(StartTimer, definition.process_id)
        due = self._next_start(model, after)
        if timer is None:
            session.add(
                StartTimer(process_id=definition.process_id, definition_id=definition.id, next_due=due)
            )
        else:
            timer.definition_id, timer.next_due = definition.id, due

    def _next_start(self, model, after: datetime) -> datetime:
        """The first moment after `after` at which the process's timer start event falls due."""
        definition = model.start_timer.event_definition
        element = model.start_timer.bpmn_id
        if not isinstance(definition, TimeDateEventDefinition):
            raise InvalidDiagram([(element, "een starttimer moet een datum/tijd-expressie (timeDate) zijn")])
        engine = ClockedScriptEngine(self.plugin.functions, FixedClock(after))
        try:
            due = definition.get_datetime(engine.evaluate_detached(definition.expression, {}))
        except Exception as error:  # the expression is the diagram author's code
            raise InvalidDiagram([(element, f"de starttimer kan niet worden berekend: {error}")]) from None
        if due <= after:
            raise InvalidDiagram([(element, "de starttimer geeft geen moment in de toekomst")])
        return due

    def _model(self, definition: Definition):
        model = self._models.get(definition.id)
        if model is None:
            model = read_diagram(definition.xml.encode("utf-8")).models[definition.process_id]
            self._models[definition.id] = model
        return model

    def _script_engine(self):
        return ClockedScriptEngine(self.plugin.functions, self.clock)

    # -- instances ----------------------------------------------------------------------------

    def start(self, process_id: str, actor: str, data: dict) -> InstanceView:
        """Start the newest version of a process with the start form's data."""
        with self.db.write() as session:
            user = users.require_active(session, actor)
            definition = inbox.latest_definition(session, process_id)
            if definition is None:
                raise NotFound(f"Proces '{process_id}' is niet gedeployed.")
            model = self._model(definition)
            if model.start_timer is not None:
                raise NotAllowed("Dit proces start vanzelf op het geplande moment.")
            self._authorize(model, model.start_event, None, user)
            form = properties(model.start_event).get("formKey")
            clean = self._validated(session, form, data, {})
            reference = self._begin(session, definition, model, user.login, clean).reference
        return self.instance(reference)

    def start_by_complainant(self, process_id: str, data: dict) -> InstanceView:
        """Start a process from the public form (no account): only processes the plugin opens."""
        if process_id not in self.plugin.public_processes:
            raise NotAllowed("Dit proces kan niet door de klager zelf worden gestart.")
        with self.db.write() as session:
            definition = inbox.latest_definition(session, process_id)
            if definition is None:
                raise NotFound(f"Proces '{process_id}' is niet gedeployed.")
            model = self._model(definition)
            form = properties(model.start_event).get("formKey")
            clean = self._validated(session, form, data, {})
            reference = self._begin(session, definition, model, self.plugin.public_role, clean).reference
        return self.instance(reference)

    def _begin(self, session, definition, model, actor, data, timer_due=None) -> Instance:
        now = self.clock.now()
        prefix = self.plugin.reference_prefix(definition.process_id)
        reference = next_reference(session, prefix, now.astimezone(self.zone).year)
        seed = {"reference": reference, "started_at": (timer_due or now).isoformat(), **data}
        workflow = new_workflow(model, self._script_engine(), seed)
        if timer_due is not None:
            self._fire_start_event(workflow, model, timer_due)
        instance = Instance(
            reference=reference,
            definition_id=definition.id,
            process_id=definition.process_id,
            status="open",
            state=dump(workflow),
            data=seed,
            started_at=now,
            started_by=actor,
            updated_at=now,
        )
        session.add(instance)
        session.flush()
        audit.record(
            session,
            instance,
            now,
            "started",
            actor,
            bpmn_id=model.start_event.bpmn_id,
            title=model.start_event.bpmn_name,
            data_after=seed,
            details={"version": definition.version},
        )
        step = Step(session, instance, model, workflow, now, self.plugin)
        step.advance()
        step.save()
        return instance

    @staticmethod
    def _fire_start_event(workflow, model, due: datetime) -> None:
        # The engine decided the moment has come; the start event only needs to agree.
        for task in workflow.get_tasks(spec_name=model.start_event.name):
            task.internal_data["event_value"] = due.isoformat()
            task.internal_data["event_fired"] = True

    def complete_task(self, task_id: str, actor: str, data: dict) -> TaskView:
        """Complete a ready user task with its form data, then run the process to its next wait."""
        return self._complete(task_id, data, actor)

    def complete_task_as_complainant(self, task_id: str, data: dict) -> TaskView:
        """Complete a task of the public lane (the complainant, through a personal link)."""
        return self._complete(task_id, data, None)

    def _complete(self, task_id, data, actor: str | None) -> TaskView:
        if not isinstance(data, dict):
            raise InvalidFormData({}, "De formuliergegevens moeten een object met velden zijn.")
        try:
            with self.db.write() as session:
                row = self._ready_row(session, task_id)
                instance = row.instance
                model = self._model(instance.definition)
                workflow = self._restore(instance, model)
                task = workflow.tasks.get(UUID(task_id))
                if task is None or task.state != TaskState.READY or not task.task_spec.manual:
                    # Someone completed it between our reading the task row and the state.
                    raise StaleDataError()
                login, on_behalf = self._completer(session, model, task.task_spec, row, actor)
                clean = self._validated(session, row.form, data, instance.data)
                now = self.clock.now()
                step = Step(session, instance, model, workflow, now, self.plugin)
                before = step.merge_data(clean)
                audit.record(
                    session,
                    instance,
                    now,
                    "task_completed",
                    login,
                    on_behalf_of=on_behalf,
                    bpmn_id=row.bpmn_id,
                    title=row.title,
                    task_id=row.id,
                    data_before=before,
                    data_after=clean,
                )
                self._run_task(task, clean)
                step.advance()
                step.save(completed_task_id=row.id, completed_by=login)
                return inbox.task_view(row)
        except StaleDataError:
            raise self._conflict(task_id) from None

    def _completer(self, session, model, task_spec, row, actor) -> tuple[str, str | None]:
        """(login recorded as actor, role acted for) of who completes this task, or a refusal."""
        if actor is None:
            public = self.plugin.public_role
            if public is None or public not in model.roles_of(task_spec):
                raise NotAllowed("Deze taak kan niet via een persoonlijke link worden afgerond.")
            return public, None
        user = users.require_active(session, actor)
        access.require_visible(session, self.plugin, row.instance, user.login, users.roles_of(user))
        return user.login, self._authorize(model, task_spec, row.assignee, user)

    def _ready_row(self, session, task_id) -> Task:
        row = session.get(Task, str(task_id))
        if row is None:
            raise NotFound(f"Taak '{task_id}' bestaat niet.")
        if row.state == "completed":
            raise TaskAlreadyCompleted(row.completed_by, row.completed_at)
        if row.state != "ready":
            raise TaskAlreadyCompleted(None, row.completed_at)
        return row

    @staticmethod
    def _run_task(task, data) -> None:
        task.set_data(**data)
        try:
            task.run()
        except SpiffWorkflowException as error:
            raise ProcessFailure(f"Het proces liep vast: {error}") from None

    def _conflict(self, task_id):
        with self.db.read() as session:
            row = session.get(Task, str(task_id))
            if row is not None and row.state == "completed":
                return TaskAlreadyCompleted(row.completed_by, row.completed_at)
        return ConcurrentUpdate()

    def _restore(self, instance, model):
        specs = self._specs.serialized(instance.definition_id, model)
        return restore(instance.state, specs, self._script_engine())

    def _authorize(self, model, task_spec, assignee, user) -> str | None:
        """Refuse users without the lane's role; say on whose behalf staff record a task."""
        mine = set(users.roles_of(user))
        if assignee and assignee != user.login:
            raise NotAllowed(f"Deze taak is toegewezen aan {assignee}; alleen die kan haar afronden.")
        roles = model.roles_of(task_spec)
        if not roles or mine & set(roles):
            return None
        for role in roles:
            if mine & set(self.plugin.on_behalf_of.get(role, ())):
                return role
        labels = " of ".join(self.plugin.roles.get(r, r) for r in roles)
        raise NotAllowed(f"Alleen een gebruiker met de rol {labels} mag dit doen.")

    def _validated(self, session, form, data, case: dict) -> dict:
        if form is None:
            return dict(data)
        clean, errors = self.plugin.forms.validate(form, data)
        rule = self.plugin.completion_rules.get(form)
        if rule is not None and not errors:
            rule_errors, extra = rule(clean, case, lambda login: self._user_facts(session, login))
            errors = {**errors, **rule_errors}
            clean = {**clean, **extra}
        if errors:
            raise InvalidFormData(errors)
        return clean

    @staticmethod
    def _user_facts(session, login) -> dict | None:
        user = users.find(session, login or "")
        return None if user is None else users.view(user).__dict__

    def fire_due_timers(self) -> list[Fired]:
        """Fire every timer due now: start timed processes, move instances past their terms."""
        now = self.clock.now()
        fired = self._start_due_processes(now)
        with self.db.read() as session:
            due = session.scalars(
                select(Instance.id)
                .where(Instance.status == "open", Instance.next_due <= now)
                .order_by(Instance.next_due)
            ).all()
        for instance_id in due:
            try:
                fired.extend(self._fire_instance(instance_id, now))
            except StaleDataError:
                continue  # another scheduler or a user moved this instance on meanwhile
            except ProcessFailure as error:
                log.error("timers of instance %s failed: %s", instance_id, error.message)
        return fired

    def _fire_instance(self, instance_id, now) -> list[Fired]:
        with self.db.write() as session:
            instance = session.get(Instance, instance_id)
            if instance.status != "open" or instance.next_due is None or instance.next_due > now:
                return []
            model = self._model(instance.definition)
            step = Step(session, instance, model, self._restore(instance, model), now, self.plugin)
            step.advance()
            step.save()
            return [
                Fired(instance.reference, "timer_fired", element, title, due)
                for element, title, due in step.fired
            ]

    def _start_due_processes(self, now) -> list[Fired]:
        fired = []
        while True:
            with self.db.write() as session:
                timer = session.scalar(
                    select(StartTimer)
                    .where(StartTimer.next_due <= now)
                    .order_by(StartTimer.next_due)
                    .limit(1)
                )
                if timer is None:
                    return fired
                due, process_id = timer.next_due, timer.process_id
                definition = session.get(Definition, timer.definition_id)
                model = self._model(definition)
                claimed = session.execute(
                    update(StartTimer)
                    .where(StartTimer.process_id == process_id, StartTimer.next_due == due)
                    .values(next_due=self._next_start(model, due))
                ).rowcount
                if claimed != 1:
                    continue
                instance = self._begin(session, definition, model, audit.SYSTEM, {}, timer_due=due)
                fired.append(
                    Fired(
                        instance.reference,
                        "process_started",
                        model.start_event.bpmn_id,
                        model.start_event.bpmn_name,
                        due,
                    )
                )

    def verify_audit(self, reference: str | None = None) -> audit.ChainCheck:
        """Check the audit chains (all, or one instance's) for rows changed after the fact."""
        with self.db.read() as session:
            instance_id = inbox.instance_row(session, reference).id if reference else None
            return audit.verify(session, instance_id)

    def next_due(self) -> datetime | None:
        """The earliest moment any timer falls due: an instance's term or a timed start."""
        with self.db.read() as session:
            instance = session.scalar(select(func.min(Instance.next_due)).where(Instance.status == "open"))
            start = session.scalar(select(func.min(StartTimer.next_due)))
        return min((m for m in (instance, start) if m is not None), default=None)

    def send_mail(self, transport) -> dict:
        """Send the outbox mails that are due now: counts of sent, retried and failed mails."""
        return outbox.send_due(self.db, self.clock.now(), transport)

    def outbox(self, status: str | None = None, limit: int = 200):
        with self.db.read() as session:
            return outbox.listing(session, status, limit)

    def cancel(self, reference: str, actor: str, reason: str) -> InstanceView:
        with self.db.write() as session:
            user = users.require_active(session, actor)
            if not set(users.roles_of(user)) & set(self.plugin.cancel_roles):
                raise NotAllowed("Je mag deze klacht niet intrekken.")
            instance = inbox.instance_row(session, reference)
            if instance.status != "open":
                raise NotAllowed(f"{reference} is al afgesloten.")
            model = self._model(instance.definition)
            workflow = self._restore(instance, model)
            now = self.clock.now()
            workflow.cancel()
            instance.status, instance.closed_at = "cancelled", now
            audit.record(session, instance, now, "cancelled", user.login, details={"reason": reason})
            Step(session, instance, model, workflow, now, self.plugin).save()
        return self.instance(reference)
