"""Who the token belongs to: a quick check that a token works and which roles it acts with."""

from .auth import me
from .blueprint import bp


@bp.get("/me")
def who_am_i():
    user = me()
    return {"login": user.login, "name": user.name, "function": user.function, "roles": list(user.roles)}
