"""Who is logged in: Flask-Login on the engine's user accounts, a fresh session at every login,
and the end of a session that has been idle too long (in the engine's time, so tests move it)."""

from flask import flash, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from . import context

IDLE_EXPIRED = "Uw sessie is verlopen, log opnieuw in."
LAST_SEEN = "gezien"  # session key: the moment (Unix seconds) of the user's latest request


class StaffUser(UserMixin):
    """A logged-in staff member; wraps the engine's UserView."""

    def __init__(self, view):
        self.view = view

    def get_id(self) -> str:
        return self.view.login

    @property
    def login(self) -> str:
        return self.view.login

    @property
    def name(self) -> str:
        return self.view.name

    @property
    def roles(self) -> tuple[str, ...]:
        return self.view.roles

    def has_any(self, roles) -> bool:
        return bool(set(self.view.roles) & set(roles))


def load_user(login: str) -> StaffUser | None:
    view = context.engine().user(login)
    return StaffUser(view) if view is not None and view.active else None


def init_app(app) -> None:
    manager = LoginManager(app)
    manager.user_loader(load_user)
    manager.login_view = "auth.login"
    manager.login_message = "Log in om verder te gaan."
    manager.login_message_category = "info"
    manager.session_protection = "strong"
    app.before_request(end_idle_session)


def login() -> str:
    """The login of the user of this request (a page behind login_required)."""
    return current_user.login


def begin(user: StaffUser) -> None:
    """Log in on a new session: nothing from before the login (a planted or shared cookie's
    contents, an old CSRF token) carries over, and the cookie after it differs from the one before."""
    session.clear()
    login_user(user)
    session[LAST_SEEN] = _now()


def end() -> None:
    """Log out and forget the whole session."""
    logout_user()
    session.clear()


def end_idle_session():
    """Before every request of a logged-in user: after `idle_minutes` without a request the
    session is over (back to the login page with a Dutch message), otherwise note this request.

    The API is left alone: it reads no cookies, a Bearer token authenticates each request."""
    if request.blueprint == "api" or request.endpoint == "static" or "_user_id" not in session:
        return None
    now = _now()
    seen = session.get(LAST_SEEN)
    if not isinstance(seen, int) or now - seen > context.settings().idle_minutes * 60:
        end()
        flash(IDLE_EXPIRED, "info")
        back = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=back))
    if seen != now:
        session[LAST_SEEN] = now
    return None


def _now() -> int:
    return int(context.engine().clock.now().timestamp())
