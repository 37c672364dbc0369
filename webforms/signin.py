"""Who is logged in: Flask-Login on the engine's user accounts, a fresh session at every login,
kept in the database (logout, a new password, deactivation or other roles end it in every
worker at once), over after an idle time and after an absolute lifetime (in the engine's time,
so tests move it)."""

from datetime import timedelta

from flask import flash, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from . import context

IDLE_EXPIRED = "Uw sessie is verlopen, log opnieuw in."
ENDED = "Uw sessie is beëindigd, log opnieuw in."
LAST_SEEN = "gezien"  # session key: the moment (Unix seconds) of the user's latest request
SECRET = "sessie"  # session key: the secret of the server-side session


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
    """The holder of this request's session while the database still knows that session."""
    view = context.engine().session_user(login, session.get(SECRET), lifetime())
    return StaffUser(view) if view is not None else None


def lifetime() -> timedelta:
    return timedelta(hours=context.settings().session_hours)


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
    session[SECRET] = context.engine().begin_session(user.login, lifetime())
    login_user(user)
    session[LAST_SEEN] = _now()


def renew() -> None:
    """After the user's sessions were ended on purpose (a new password): a new one for this browser."""
    begin(StaffUser(current_user.view))


def end() -> None:
    """Log out: the server-side session ends everywhere, and this browser forgets it."""
    context.engine().end_session(session.get(SECRET))
    logout_user()
    session.clear()


def end_idle_session():
    """Before every request of a logged-in user: a session the database no longer knows (ended,
    or past its lifetime) or idle longer than `idle_minutes` is over (back to the login page with
    a Dutch message); otherwise note this request.

    The API is left alone: it reads no cookies, a Bearer token authenticates each request."""
    if request.blueprint == "api" or request.endpoint == "static" or "_user_id" not in session:
        return None
    now = _now()
    seen = session.get(LAST_SEEN)
    if not isinstance(seen, int) or now - seen > context.settings().idle_minutes * 60:
        return _back_to_login(IDLE_EXPIRED)
    if not current_user.is_authenticated:
        return _back_to_login(ENDED)
    if seen != now:
        session[LAST_SEEN] = now
    return None


def _back_to_login(message: str):
    end()
    flash(message, "info")
    back = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=back))


def _now() -> int:
    return int(context.engine().clock.now().timestamp())
