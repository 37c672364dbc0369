"""Read side: tasks, instances and history from the projection tables, never from workflow state."""

from sqlalchemy import and_, literal, or_, select

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
    )


def ready_tasks(session, *, login=None, roles=(), reference=None) -> list[TaskView]:
    """Ready tasks, optionally only those of one instance and those a user may pick up."""
    query = select(Task).join(Task.instance).where(Task.state == "ready")
    if reference is not None:
        query = query.where(Instance.reference == reference)
    if login is not None:
        padded = literal(" ") + Task.roles + literal(" ")
        for_my_roles = [padded.like(f"% {role} %") for role in roles]
        query = query.where(
            or_(Task.assignee == login, and_(Task.assignee.is_(None), or_(*for_my_roles)))
        )
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


def instances(session, process_id=None, status=None) -> list[InstanceView]:
    query = select(Instance).order_by(Instance.id)
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
