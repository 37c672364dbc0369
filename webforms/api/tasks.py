"""Tasks: the caller's inbox, one task with its form schema, claim, release and complete.
The engine decides who may do what, exactly as for the web pages."""

import process

from .. import context
from ..complaint_forms import categories
from ..inbox_filters import SORTS
from . import body, shapes
from .auth import caller
from .blueprint import bp
from .problems import ApiError

SCOPES = ("mine", "roles")
NOT_YOURS = "Deze taak staat niet op uw takenlijst; u kunt haar niet openen of afronden."


@bp.get("/tasks")
def inbox():
    engine = context.engine()
    category = body.choice("category", tuple(categories(engine.plugin.forms)))
    page = engine.inbox(
        caller(),
        scope=body.choice("scope", SCOPES, "mine"),
        role=body.choice("role", tuple(process.ROLES)),
        where={"category": category} if category else None,
        overdue=body.flag("overdue"),
        sort=body.choice("sort", tuple(SORTS), "due"),
        page=body.number("page", 1, 1, 100_000),
        per_page=body.number("per_page", 25, 1, 200),
    )
    return shapes.inbox_page(page)


@bp.get("/tasks/<task_id>")
def task(task_id):
    engine = context.engine()
    found = engine.task(task_id, viewer=caller())
    if found.state == "ready" and (found.roles or found.assignee):
        # As the task page: a waiting task opens only for who may do it. A task without a lane
        # or assignee (a diagram without lanes) the engine lets anyone who sees it complete.
        if found.id not in {t.id for t in engine.tasks(login=caller(), reference=found.reference)}:
            raise ApiError(403, NOT_YOURS)
    return shapes.task(found, detail=True)


@bp.post("/tasks/<task_id>/claim")
def claim(task_id):
    return shapes.task(context.engine().claim(task_id, caller()))


@bp.post("/tasks/<task_id>/release")
def release(task_id):
    return shapes.task(context.engine().release(task_id, caller()))


@bp.post("/tasks/<task_id>/complete")
def complete(task_id):
    data = body.json_object()
    return shapes.task(context.engine().complete_task(task_id, caller(), data))
