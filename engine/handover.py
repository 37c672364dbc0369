"""Who may act in a case beyond their role: the process's refusal of people in their own case,
a dry-run check of completing a task, and handing a case over to another handler."""

from .errors import NotAllowed, NotFound, TaskAlreadyCompleted
from .models import Task


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
