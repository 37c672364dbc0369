"""Who may act in a case beyond their role: the process's refusal of people in their own case,
a dry-run check of completing a task, and handing a case over to another handler."""

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

from . import access, audit, inbox, users
from .errors import InvalidFormData, NotAllowed, NotFound, TaskAlreadyCompleted
from .models import Task
from .step import Step


class Handover:
    """Mixed into Engine: needs self.db, self.plugin, self.clock, self._model and self._completer."""

    def _refuse_own_case(self, step: str, instance, login: str) -> None:
        refusal = self.plugin.acting_refusal(step, instance.data, login)
        if refusal:
            raise NotAllowed(refusal)

    def refusal(self, task_id: str, login: str) -> str | None:
        """Why `login` may not complete this task now (a Dutch sentence), or None when they may.
        Changes nothing: the same checks as completing it, without the form."""
        with self.db.read() as session:
            row = session.get(Task, str(task_id))
            if row is None:
                return f"Taak '{task_id}' bestaat niet."
            if row.state != "ready":
                return str(TaskAlreadyCompleted(row.completed_by, row.completed_at))
            model = self._model(row.instance.definition)
            spec = model.spec.task_specs[row.bpmn_id]
            try:
                self._completer(session, model, spec, row, login)
            except (NotAllowed, NotFound) as error:
                return str(error)
            return None

    def reassign(self, reference: str, actor: str, handler: str, reason: str):
        """Hand an open case to another handler: the same rules as the first assignment, open
        tasks of the old handler move, both are told, the audit trail keeps the reason."""
        field, form = self.plugin.handover_field, self.plugin.handover_form
        if field is None:
            raise NotAllowed("Dit proces kent geen afhandelaar die kan worden gewisseld.")
        reason = " ".join((reason or "").split())
        with self.db.write() as session, session.no_autoflush:
            user = users.require_active(session, actor)
            if not set(users.roles_of(user)) & set(self.plugin.handover_roles):
                labels = " of ".join(self.plugin.roles.get(r, r) for r in self.plugin.handover_roles)
                raise NotAllowed(f"Alleen een gebruiker met de rol {labels} mag de afhandelaar wisselen.")
            instance = self._locked(session, inbox.instance_row(session, reference).id)
            access.require_visible(session, self.plugin, instance, user.login, users.roles_of(user))
            if instance.status != "open":
                raise NotAllowed(f"{reference} is afgesloten; de afhandelaar kan niet meer wisselen.")
            self._refuse_own_case("reassign", instance, user.login)
            previous = instance.data.get(field)
            if not previous:
                raise NotAllowed(
                    f"{reference} heeft nog geen afhandelaar; bepaal die eerst in de taak ervoor."
                )
            errors = {} if reason else {"reason": "Geef een reden voor de wissel."}
            clean = {}
            if handler == previous:
                errors[field] = f"{handler} is al de afhandelaar van deze klacht."
            else:
                try:
                    clean = self._validated(session, form, {field: handler}, instance.data)
                except InvalidFormData as invalid:
                    errors.update(invalid.fields)
            if errors:
                raise InvalidFormData(errors)
            model = self._model(instance.definition)
            workflow = self._restore(instance, model)
            for task in workflow.get_tasks(state=TaskState.NOT_FINISHED_MASK):
                if field in task.data:
                    task.data.update(clean)
            now = self.clock.now()
            step = Step(session, instance, model, workflow, now, self.plugin)
            before = step.merge_data(clean)
            moved = self._move_tasks(session, instance, previous, handler)
            audit.record(
                session,
                instance,
                now,
                "handler_reassigned",
                user.login,
                data_before=before,
                data_after=clean,
                details={"reason": reason, "from": previous, "to": handler, "tasks": moved},
            )
            step.notify("reassigned", field, payload={"previous": previous, "reason": reason})
            step.save()
        return self.instance(reference)

    @staticmethod
    def _move_tasks(session, instance, previous, handler) -> list[str]:
        rows = session.scalars(
            select(Task).where(
                Task.instance_id == instance.id, Task.state == "ready", Task.assignee == previous
            )
        ).all()
        for row in rows:
            row.assignee = handler
        return [row.bpmn_id for row in rows]
