"""Read side: tasks, instances and history from the projection tables, never from workflow state."""

from sqlalchemy import and_, case, false, func, literal, or_, select
from sqlalchemy.orm import contains_eager

from . import audit
from .errors import NotFound
from .models import Definition, Instance, Task
from .views import DefinitionView, InstanceView, TaskView


def task_view(row: Task, documentation=None, schema=None) -> TaskView:
    return TaskView(
        id=row.id,
        reference=row.instance.reference,
        process_id=row.instance.process_id,
        bpmn_id=row.bpmn_id,
        title=row.title,
        lane=row.lane,
        role=row.role,
        roles=tuple(row.roles.split()),
        assignee=row.assignee,
        form=row.form,
        due=row.due,
        state=row.state,
        created_at=row.created_at,
        completed_at=row.completed_at,
        completed_by=row.completed_by,
        documentation=documentation,
        schema=schema,
        claimed=bool(row.claimed),
    )


def ready_tasks(session, *, login=None, roles=(), reference=None, visible=None) -> list[TaskView]:
    """Ready tasks, optionally only those of one instance and those a user may pick up."""
    query = (
        select(Task).join(Task.instance).options(contains_eager(Task.instance)).where(Task.state == "ready")
    )
    if visible is not None:
        query = query.where(visible)
    if reference is not None:
        query = query.where(Instance.reference == reference)
    if login is not None:
        query = query.where(or_(Task.assignee == login, and_(Task.assignee.is_(None), _for_roles(roles))))
    query = query.order_by(Task.due.is_(None), Task.due, Task.created_at, Task.id)
    return [task_view(row) for row in session.scalars(query)]


def instance_row(session, reference: str) -> Instance:
    row = session.scalar(select(Instance).where(Instance.reference == reference))
    if row is None:
        raise NotFound(f"'{reference}' bestaat niet.")
    return row


def instance_view(session, row: Instance, with_tasks=True) -> InstanceView:
    tasks = ready_tasks(session, reference=row.reference) if with_tasks else []
    return InstanceView(
        reference=row.reference,
        process_id=row.process_id,
        process_name=row.definition.name,
        version=row.definition.version,
        status=row.status,
        data=dict(row.data),
        started_at=row.started_at,
        started_by=row.started_by,
        closed_at=row.closed_at,
        next_due=row.next_due,
        tasks=tasks,
    )


def instances(session, process_id=None, status=None, visible=None) -> list[InstanceView]:
    query = select(Instance).order_by(Instance.id)
    if visible is not None:
        query = query.where(visible)
    if process_id:
        query = query.where(Instance.process_id == process_id)
    if status:
        query = query.where(Instance.status == status)
    return [instance_view(session, row, with_tasks=False) for row in session.scalars(query)]


def history(session, reference: str):
    return audit.trail(session, instance_row(session, reference).id)


def definition_view(row: Definition, new=False) -> DefinitionView:
    return DefinitionView(
        id=row.id,
        process_id=row.process_id,
        name=row.name,
        version=row.version,
        deployed_at=row.deployed_at,
        deployed_by=row.deployed_by,
        comment=row.comment,
        new=new,
    )


def latest_definition(session, process_id: str) -> Definition | None:
    return session.scalar(
        select(Definition)
        .where(Definition.process_id == process_id)
        .order_by(Definition.version.desc())
        .limit(1)
    )


def definitions(session) -> list[DefinitionView]:
    rows = session.scalars(select(Definition).order_by(Definition.process_id, Definition.version))
    return [definition_view(row) for row in rows]


def _for_roles(roles):
    """Tasks open to any of these roles; the role "" stands for tasks outside every lane."""
    padded = literal(" ") + Task.roles + literal(" ")
    matches = [Task.roles == "" if role == "" else padded.like(f"% {role} %") for role in roles]
    return or_(*matches) if matches else false()


SORTS = {
    "due": (Task.due.is_(None), Task.due, Task.created_at),
    "-due": (Task.due.is_(None), Task.due.desc(), Task.created_at),
    "created": (Task.created_at, Task.id),
    "reference": (Instance.reference, Task.created_at),
}


def inbox_page(session, query) -> tuple[list[Task], int, dict]:
    """One page of an inbox (rows, total, counts) in three statements, whatever the page size."""
    mine = Task.assignee == query.login
    for_roles = and_(Task.assignee.is_(None), _for_roles(query.roles))
    base = (
        select(Task)
        .join(Task.instance)
        .options(contains_eager(Task.instance))
        .where(Task.state == "ready", query.visible)
    )
    scoped = base.where(mine if query.scope == "mine" else for_roles)
    if query.role:
        scoped = scoped.where(_for_roles([query.role]))
    for key, value in query.where.items():
        scoped = scoped.where(Instance.data[key].as_string() == value)
    if query.overdue:
        scoped = scoped.where(Task.due < query.now)
    total = session.scalar(select(func.count()).select_from(scoped.subquery()))
    rows = session.scalars(
        scoped.order_by(*SORTS.get(query.sort, SORTS["due"]))
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    overdue = and_(or_(mine, for_roles), Task.due < query.now)
    counted = session.execute(
        select(func.count(case((mine, 1))), func.count(case((for_roles, 1))), func.count(case((overdue, 1))))
        .select_from(Task)
        .join(Task.instance)
        .where(Task.state == "ready", query.visible)
    ).one()
    return rows, total, dict(zip(("mine", "roles", "overdue"), counted, strict=True))
