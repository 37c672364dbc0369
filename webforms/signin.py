"""Who is logged in: Flask-Login on the engine's user accounts."""

from flask_login import LoginManager, UserMixin, current_user

from . import context


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


def login() -> str:
    """The login of the user of this request (a page behind login_required)."""
    return current_user.login
