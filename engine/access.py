"""Who may see which instance: roles that see everything, and per instance the logins the
process's rule names (kept in instance_viewers so lists filter in SQL, and per ready task in
task_viewers for the inboxes)."""

from sqlalchemy import delete, exists, insert, literal, select, true, union_all

from .errors import NotFound
from .models import Instance, InstanceViewer, Task, TaskViewer


def unseen(reference: str) -> NotFound:
    """The refusal for an instance that does not exist or that the user may not see: the same
    words for both, so nobody learns that a shielded case exists, and nobody is told a lie."""
    return NotFound(f"'{reference}' bestaat niet of is voor u afgeschermd.")


def update_viewers(session, instance, plugin) -> None:
    """Make instance_viewers (and task_viewers) hold the logins the rule names now.

    `instance.viewers` remembers the logins last written (None when not known, e.g. rows from
    before it existed), so a step whose data leaves the rule's answer unchanged sends nothing."""
    if plugin.viewers is None:
        return
    wanted = {login for login in plugin.viewers(instance.data, instance.started_by) if login}
    if instance.viewers is not None and set(instance.viewers) == wanted:
        return
    instance.viewers = sorted(wanted)
    session.flush()  # the step's task rows first (steps may run without autoflush): read below
    current = set(
        session.scalars(select(InstanceViewer.login).where(InstanceViewer.instance_id == instance.id))
    )
    if current - wanted:
        session.execute(
            delete(InstanceViewer).where(
                InstanceViewer.instance_id == instance.id, InstanceViewer.login.in_(current - wanted)
            )
        )
    if wanted - current:
        session.execute(
            insert(InstanceViewer),
            [{"instance_id": instance.id, "login": login} for login in wanted - current],
        )
    _rewrite_task_viewers(session, instance.id, sorted(wanted))


def _rewrite_task_viewers(session, instance_id: int, logins: list[str]) -> None:
    """The task_viewers rows of an instance's ready tasks without assignee, for these logins."""
    ready = select(Task.id).where(Task.instance_id == instance_id, Task.state == "ready")
    session.execute(delete(TaskViewer).where(TaskViewer.task_id.in_(ready)))
    if not logins:
        return
    open_ = (Task.instance_id == instance_id, Task.state == "ready", Task.assignee.is_(None))
    rows = union_all(
        *(
            select(Task.id, literal(login), Task.roles, Task.due, Task.created_at).where(*open_)
            for login in logins
        )
    )
    columns = ["task_id", "login", "roles", "due", "created_at"]
    session.execute(insert(TaskViewer).from_select(columns, rows))


def sees_all(plugin, roles) -> bool:
    return plugin.viewers is None or bool(set(roles) & set(plugin.see_all_roles))


def visible(plugin, login: str, roles):
    """A condition on Instance: the instances this user may see."""
    if sees_all(plugin, roles):
        return true()
    return Instance.id.in_(select(InstanceViewer.instance_id).where(InstanceViewer.login == login))


def viewer_of(instance_id, login):
    """A condition on any row with an instance id column (e.g. Task.instance_id): `login` is one
    of that instance's viewers. One primary-key probe per row, for rows an index narrowed down."""
    return exists().where(InstanceViewer.instance_id == instance_id, InstanceViewer.login == login)


def require_visible(session, plugin, instance, login: str, roles) -> None:
    """Refuse an instance the user may not see as if it did not exist (no data leaks)."""
    if sees_all(plugin, roles):
        return
    allowed = session.scalar(
        select(InstanceViewer.login).where(
            InstanceViewer.instance_id == instance.id, InstanceViewer.login == login
        )
    )
    if allowed is None:
        raise unseen(instance.reference)
