"""The people a `user-select` field may offer: for a field with `x-role`, the active users with
that role whom the procedure allows for this complaint (never the service employee); otherwise
every active colleague."""

import process

from .form_fields import Choice


def user_choices(engine, schema: dict, case: dict | None = None) -> dict[str, list[Choice]]:
    """Choices per user-select field; `case` is the complaint's data when there is a complaint."""
    chosen = {}
    users = None
    for name, prop in schema.get("properties", {}).items():
        if prop.get("x-widget") != "user-select":
            continue
        users = users if users is not None else [u for u in engine.users() if u.active]
        role = prop.get("x-role")
        offered = users
        if role:
            offered = [u for u in process.eligible_handlers(users, case or {}) if role in u.roles]
        chosen[name] = [
            Choice(u.login, f"{u.name} ({u.function})" if u.function else u.name) for u in offered
        ]
        if unknown := prop.get("x-unknown"):
            chosen[name].append(Choice(unknown["value"], unknown["label"]))
    return chosen
