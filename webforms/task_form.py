"""A task's form page: the fields to render (with values and errors) and the complaint beside."""

from dataclasses import dataclass, field

from . import form_data, form_fields
from .complaint_forms import REGISTRATION_FORM
from .user_select import user_choices


@dataclass(frozen=True)
class TaskForm:
    task: object  # the engine's TaskView, with its schema
    fields: list
    form_errors: list[str] = field(default_factory=list)
    notice: str | None = None  # why nothing was saved (stale task, invalid input)
    for_complainant: bool = False  # staff record it on the complainant's behalf


def first_values(task, complaint) -> dict[str, str]:
    """What a task's form starts with: its defaults, for a correction the registered data, and
    the recorded values of fields marked `x-from-case`."""
    values = form_data.defaults(task.schema or {})
    if task.form == REGISTRATION_FORM:
        values.update(form_data.to_form(task.schema, complaint.data))
    properties = (task.schema or {}).get("properties", {})
    recorded = {name: complaint.data[name] for name, prop in properties.items() if prop.get("x-from-case")}
    values.update(form_data.to_form(task.schema, {k: v for k, v in recorded.items() if v}))
    return values


def task_form(engine, task, case: dict, values, errors=None, notice=None) -> TaskForm:
    errors = errors or {}
    schema = task.schema or {}
    choices = user_choices(engine, schema, case)
    return TaskForm(
        task=task,
        fields=form_fields.fields(schema, values, errors, choices),
        form_errors=form_fields.form_errors(schema, errors),
        notice=notice,
        for_complainant=task.role is not None and task.role == engine.plugin.public_role,
    )
