"""Staff as the process's rules look them up: by login, or by what someone typed for a person."""

from sqlalchemy import func, select

from . import users
from .models import User


class StaffLookup:
    """Callable as `find_user(login)` (a user's facts or None); `matching(text)` gives the users
    whose login, in any case, or full name, in any case and spacing, is `text`."""

    def __init__(self, session):
        self.session = session

    def __call__(self, login: str) -> dict | None:
        user = users.find(self.session, login or "")
        return None if user is None else users.view(user).__dict__

    def matching(self, text: str) -> list[dict]:
        wanted = " ".join((text or "").split()).casefold()
        if not wanted:
            return []
        by_login = select(User).where(func.lower(User.login) == wanted)
        found = {user.login: user for user in self.session.scalars(by_login)}
        # Names are few and short: compare them in Python, where spacing and case fold alike.
        for user in self.session.scalars(
            select(User).where(func.lower(User.name).contains(wanted.split()[0]))
        ):
            if " ".join(user.name.split()).casefold() == wanted:
                found[user.login] = user
        return [users.view(user).__dict__ for user in found.values()]
