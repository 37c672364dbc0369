"""Staff accounts: who they are, their function and roles, and their password."""

import hashlib
import hmac
import secrets

from sqlalchemy import select

from .errors import EngineError, NotAllowed, NotFound
from .mailbox import InvalidMailbox, single_mailbox
from .models import User, UserRole
from .views import UserView

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(stored: str, password: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


def roles_of(user: User) -> tuple[str, ...]:
    return tuple(r.role for r in user.roles)


def view(user: User) -> UserView:
    return UserView(
        login=user.login,
        name=user.name,
        function=user.function,
        email=user.email,
        roles=roles_of(user),
        active=user.active,
    )


def find(session, login: str) -> User | None:
    """The user with this login; looked up once per transaction (a step asks several times)."""
    known = session.info.setdefault("users", {})
    if login not in known:
        user = session.scalar(select(User).where(User.login == login))
        if user is None:
            return None
        known[login] = user
    return known[login]


def require_active(session, login: str) -> User:
    """The active user with this login, or a refusal naming the problem."""
    user = find(session, login or "")
    if user is None:
        raise NotFound(f"Gebruiker '{login}' bestaat niet.")
    if not user.active:
        raise NotAllowed(f"Gebruiker '{login}' is niet actief.")
    return user


def add(session, *, login, name, function, email, password, roles, known_roles, now) -> User:
    if not login or not login.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise EngineError("Een login bestaat uit letters, cijfers, punt, streepje of liggend streepje.")
    if find(session, login) is not None:
        raise EngineError(f"Gebruiker '{login}' bestaat al.")
    if len(password or "") < 8:
        raise EngineError("Een wachtwoord heeft minstens 8 tekens.")
    unknown = [r for r in roles if known_roles and r not in known_roles]
    if unknown or not roles:
        raise EngineError(f"Onbekende rol: {', '.join(unknown)}." if unknown else "Geef minstens één rol op.")
    user = User(
        login=login,
        name=name,
        function=function or "",
        email=staff_mailbox(email),
        password_hash=hash_password(password),
        active=True,
        created_at=now,
        roles=[UserRole(role=r) for r in dict.fromkeys(roles)],
    )
    session.add(user)
    return user


def staff_mailbox(email) -> str:
    """A staff member's address: empty, or exactly one mailbox (the same check as complainants')."""
    if not email:
        return ""
    try:
        return single_mailbox(email)
    except InvalidMailbox as refusal:
        raise EngineError(refusal.message) from refusal


def all_users(session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.login)))


class Directory:
    """Staff as plain facts, for the process's rules and notices within one transaction."""

    def __init__(self, session):
        self.session = session
        self._with_role: dict[str, list[dict]] = {}

    def user(self, login: str) -> dict | None:
        found = find(self.session, login or "")
        return None if found is None else view(found).__dict__

    def with_role(self, role: str) -> list[dict]:
        if role not in self._with_role:
            self._with_role[role] = self._query_with_role(role)
        return self._with_role[role]

    def _query_with_role(self, role: str) -> list[dict]:
        """Active users with this role, each with all their roles, in one statement."""
        holders = select(UserRole.user_id).where(UserRole.role == role)
        rows = self.session.execute(
            select(User.login, User.name, User.function, User.email, UserRole.role)
            .join(UserRole)
            .where(User.id.in_(holders), User.active.is_(True))
            .order_by(User.login, UserRole.role)
        )
        found: dict[str, dict] = {}
        for login, name, function, email, each_role in rows:
            facts = dict(login=login, name=name, function=function, email=email, roles=(), active=True)
            user = found.setdefault(login, facts)
            user["roles"] += (each_role,)
        return list(found.values())
