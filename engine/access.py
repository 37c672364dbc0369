"""Who may see which instance: roles that see everything, and per instance the logins the
process's rule names (kept in instance_viewers so lists filter in SQL)."""

from sqlalchemy import delete, select, true

from .errors import NotFound
from .models import Instance, InstanceViewer


def update_viewers(session, instance, plugin) -> None:
    if plugin.viewers is None:
        return
    wanted = {login for login in plugin.viewers(instance.data, instance.started_by) if login}
    current = set(
        session.scalars(select(InstanceViewer.login).where(InstanceViewer.instance_id == instance.id))
    )
    if wanted == current:
        return
    session.execute(
        delete(InstanceViewer).where(
            InstanceViewer.instance_id == instance.id, InstanceViewer.login.in_(current - wanted)
        )
    )
    session.add_all(InstanceViewer(instance_id=instance.id, login=login) for login in wanted - current)


def sees_all(plugin, roles) -> bool:
    return plugin.viewers is None or bool(set(roles) & set(plugin.see_all_roles))


def visible(plugin, login: str, roles):
    """A condition on Instance: the instances this user may see."""
    if sees_all(plugin, roles):
        return true()
    return Instance.id.in_(select(InstanceViewer.instance_id).where(InstanceViewer.login == login))


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
        raise NotFound(f"'{instance.reference}' bestaat niet.")
