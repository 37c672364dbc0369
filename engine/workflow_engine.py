"""The engine's verbs: deploy, start, complete a task, fire due timers, cancel, and what to show."""

from datetime import datetime
from zoneinfo import ZoneInfo

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from . import access, audit, inbox, mailbox, users
from .accounts import Accounts
from .casework import CaseWork
from .clock import Clock
from .db import Database
from .deployment import Deployment
from .diagram import properties
from .documents import Documents
from .errors import (
    ConcurrentUpdate,
    InvalidFormData,
    NotAllowed,
    NotFound,
    ProcessFailure,
    TaskAlreadyCompleted,
)
from .failures import failure, passes_through
from .follow_ups import FollowUps
from .handover import Handover
from .link_mail import LinkMail
from .models import Instance, Task
from .oversight import Oversight
from .plugin import ProcessPlugin
from .privacy import Privacy
from .queries import Queries
from .read_log import ReadLog
from .references import next_reference
from .staff_lookup import StaffLookup
from .state import ClockedScriptEngine, dump, new_workflow, restore
from .step import TOO_DEEP, Step
from .subworkflows import find_task
from .timekeeping import Timekeeping
from .tokens import Tokens
from .versions import Versions
from .views import InstanceView, TaskView


class Engine(
    Deployment,
    Timekeeping,
    Queries,
    CaseWork,
    Documents,
    Tokens,
    Oversight,
    Versions,
    Privacy,
    LinkMail,
    ReadLog,
    Accounts,
    Handover,
    FollowUps,
):
    """Runs BPMN processes durably; every verb that changes something is one transaction."""

    def __init__(self, db: Database, plugin: ProcessPlugin, clock: Clock, zone: str = "UTC"):
        self.db = db
        self.plugin = plugin
        self.clock = clock
        self.zone = ZoneInfo(zone)
        self._models: dict[int, object] = {}

    def _script_engine(self):
        return ClockedScriptEngine(self.plugin.functions, self.clock)

    # -- instances ----------------------------------------------------------------------------

    def start(self, process_id: str, actor: str, data: dict) -> InstanceView:
        """Start the newest version of a process with the start form's data."""
        with self.db.write() as session:
            user = users.require_active(session, actor)
            definition = inbox.latest_definition(session, process_id)
            if definition is None:
                raise NotFound(f"Proces '{process_id}' is niet in gebruik genomen.")
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
                raise NotFound(f"Proces '{process_id}' is niet in gebruik genomen.")
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

    def complete_task_as_complainant(self, task_id: str, data: dict, document=None) -> TaskView:
        """Complete a task of the public lane (the complainant, through a personal link); a
        `document` (filename, content type, bytes) is kept only with an accepted answer."""
        if document is not None:
            document = (self.check_document(*document), *document[1:])
        return self._complete(task_id, data, None, document)

    def _complete(self, task_id, data, actor: str | None, document=None) -> TaskView:
        if not isinstance(data, dict):
            raise InvalidFormData({}, "De formuliergegevens moeten een object met velden zijn.")
        try:
            # One flush at the end of the step (Step.save), not one before every query in it.
            with self.db.write() as session, session.no_autoflush:
                row = self._ready_row(session, task_id)
                instance = self._locked(session, row.instance_id)
                model = self._model(instance.definition)
                workflow = self._restore(instance, model)
                task = find_task(workflow, task_id)
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
                if document is not None:
                    self._store_document(session, instance, login, *document)
                return inbox.task_view(row)
        except StaleDataError:
            raise self._conflict(task_id) from None
        except RecursionError:  # restoring or saving a task tree grown too deep
            raise ProcessFailure(TOO_DEEP) from None

    def _completer(self, session, model, task_spec, row, actor) -> tuple[str, str | None]:
        """(login recorded as actor, role acted for) of who completes this task, or a refusal."""
        if actor is None:
            public = self.plugin.public_role
            if public is None or public not in model.roles_of(task_spec):
                raise NotAllowed("Deze taak kan niet via een persoonlijke link worden afgerond.")
            return public, None
        user = users.require_active(session, actor)
        access.require_visible(session, self.plugin, row.instance, user.login, users.roles_of(user))
        self._refuse_own_case(row.bpmn_id, row.instance, user.login)
        return user.login, self._authorize(model, task_spec, row.assignee, user)

    @staticmethod
    def _locked(session, instance_id) -> Instance:
        """The instance, read afresh under a row lock: on PostgreSQL two people completing tasks
        of one complaint at once then take turns instead of one being refused (SQLite's writers
        queue already)."""
        return session.scalars(
            select(Instance)
            .where(Instance.id == instance_id)
            .with_for_update(of=Instance)
            .execution_options(populate_existing=True)
        ).one()

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
        except RecursionError:
            raise ProcessFailure(TOO_DEEP) from None
        except Exception as error:  # a post-script of the diagram, or the library failing on it
            if passes_through(error):
                raise
            raise failure(error) from None

    def _conflict(self, task_id):
        with self.db.read() as session:
            row = session.get(Task, str(task_id))
            if row is not None and row.state == "completed":
                return TaskAlreadyCompleted(row.completed_by, row.completed_at)
        return ConcurrentUpdate()

    def _restore(self, instance, model):
        return restore(instance.state, model, self._script_engine())

    def _authorize(self, model, task_spec, assignee, user) -> str | None:
        """Refuse users without the lane's role; say on whose behalf staff record a task."""
        mine = set(users.roles_of(user))
        if assignee and assignee != user.login:
            raise NotAllowed(f"Deze taak is toegewezen aan {assignee}; alleen die kan haar afronden.")
        roles = model.roles_of(task_spec)
        if not roles:
            # Outside every lane: anyone who works on cases (not a read-only role such as auditor).
            if self.plugin.case_roles and not mine & set(self.plugin.case_roles):
                raise NotAllowed("Je rol mag taken alleen inzien, niet afronden.")
            return None
        if mine & set(roles):
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
        clean, mailbox_errors = mailbox.schema_mailboxes(self.plugin.forms.schema(form), clean)
        errors = {**mailbox_errors, **errors}
        rule = self.plugin.completion_rules.get(form)
        if rule is not None and not errors:
            rule_errors, extra = rule(clean, case, StaffLookup(session))
            errors = {**errors, **rule_errors}
            clean = {**clean, **extra}
        if errors:
            raise InvalidFormData(errors)
        return clean

    def verify_audit(self, reference: str | None = None) -> audit.ChainCheck:
        """Check the audit chains (all, or one instance's) for rows changed after the fact."""
        with self.db.read() as session:
            instance_id = inbox.instance_row(session, reference).id if reference else None
            return audit.verify(session, instance_id)

    def cancel(self, reference: str, actor: str, reason: str) -> InstanceView:
        with self.db.write() as session:
            user = users.require_active(session, actor)
            if not set(users.roles_of(user)) & set(self.plugin.cancel_roles):
                raise NotAllowed("Je mag deze klacht niet intrekken.")
            instance = inbox.instance_row(session, reference)
            if instance.status != "open":
                raise NotAllowed(f"{reference} is al afgesloten.")
            self._refuse_own_case("cancel", instance, user.login)
            model = self._model(instance.definition)
            workflow = self._restore(instance, model)
            now = self.clock.now()
            workflow.cancel()
            instance.status, instance.closed_at = "cancelled", now
            audit.record(session, instance, now, "cancelled", user.login, details={"reason": reason})
            Step(session, instance, model, workflow, now, self.plugin).save()
        return self.instance(reference)
