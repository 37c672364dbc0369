"""Personal API tokens and idempotency keys (issue 8).

A token is shown once, when it is made; only its SHA-256 is stored, so a copy of the database
holds no usable token. An idempotency key remembers the instance a client's first request made,
in the same transaction as the start, so a retried request never makes a second one.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from . import inbox, users
from .diagram import properties
from .errors import EngineError, InvalidFormData, NotAllowed, NotFound
from .models import MAX_ID, ApiToken, AuditEvent, IdempotencyKey, User, UserRole
from .views import InstanceView, UserView

TOKEN_PREFIX = "kl_"
MAX_NAME = 200
MAX_KEY = 200
# Noting every use would make each API read a write; once in a while says enough.
NOTE_USE_EVERY = timedelta(minutes=5)
# What the engine adds to the start data of every instance (see Engine._begin).
SEEDED = ("reference", "started_at")


@dataclass(frozen=True)
class TokenView:
    id: int
    login: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class NewToken:
    """A token just made: `secret` is the token itself, shown this once and never stored."""

    token: TokenView
    secret: str


class IdempotencyKeyReused(EngineError):
    """A key sent again with other data: the client mixed up two requests."""

    status = 422

    def __init__(self):
        super().__init__(
            "Deze Idempotency-Key is al gebruikt voor een verzoek met andere gegevens. "
            "Gebruik voor elk nieuw verzoek een nieuwe sleutel; er is niets gewijzigd."
        )


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _view(row: ApiToken) -> TokenView:
    return TokenView(row.id, row.login, row.name, row.created_at, row.last_used_at, row.revoked_at)


class Tokens:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""

    def create_token(self, login: str, name: str = "") -> NewToken:
        """A new personal token for an active user; it acts with that user's roles."""
        name = (name or "").strip()
        if len(name) > MAX_NAME:
            raise InvalidFormData({"name": f"Gebruik hoogstens {MAX_NAME} tekens."})
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.db.write() as session:
            user = users.require_active(session, login)
            row = ApiToken(
                login=user.login, name=name, token_hash=token_hash(secret), created_at=self.clock.now()
            )
            session.add(row)
            session.flush()
            return NewToken(_view(row), secret)

    def api_tokens(self, login: str) -> list[TokenView]:
        """A user's tokens, newest first, revoked ones included."""
        with self.db.read() as session:
            rows = session.scalars(
                select(ApiToken).where(ApiToken.login == login).order_by(ApiToken.id.desc())
            )
            return [_view(row) for row in rows]

    def revoke_token(self, token_id: int, login: str | None = None) -> TokenView:
        """Revoke a token at once; with `login`, only one of that user's own tokens."""
        if not 0 < token_id <= MAX_ID:
            raise NotFound(f"Token {token_id} bestaat niet.")
        with self.db.write() as session:
            row = session.get(ApiToken, token_id)
            if row is None or (login is not None and row.login != login):
                raise NotFound(f"Token {token_id} bestaat niet.")
            if row.revoked_at is None:
                row.revoked_at = self.clock.now()
            return _view(row)

    def token_user(self, secret: str) -> UserView | None:
        """The active user a valid, unrevoked token belongs to; None for anything else."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
            return None
        now = self.clock.now()
        with self.db.read() as session:
            # Every request carries a token: token, user and roles in one statement.
            rows = session.execute(
                select(ApiToken.id, ApiToken.last_used_at, User.login, User.name, User.function, User.email)
                .add_columns(UserRole.role)
                .join(User, User.login == ApiToken.login)
                .outerjoin(UserRole, UserRole.user_id == User.id)
                .where(
                    ApiToken.token_hash == token_hash(secret),
                    ApiToken.revoked_at.is_(None),
                    User.active.is_(True),
                )
                .order_by(UserRole.role)
            ).all()
        if not rows:
            return None
        token_id, last, login, name, function, email, _ = rows[0]
        roles = tuple(row.role for row in rows if row.role is not None)
        found = UserView(login=login, name=name, function=function, email=email, roles=roles, active=True)
        if last is None or now - last >= NOTE_USE_EVERY:
            with self.db.write() as session:
                session.get(ApiToken, token_id).last_used_at = now
        return found

    def start_once(self, process_id: str, actor: str, data: dict, key: str) -> tuple[InstanceView, bool]:
        """Start like `start`, once per (actor, key): a repeat gives the same instance and False."""
        if not key or len(key) > MAX_KEY:
            raise EngineError(f"Een Idempotency-Key heeft 1 tot {MAX_KEY} tekens.")
        try:
            reference, created = self._start_once(process_id, actor, data, key)
        except IntegrityError:
            # A concurrent request with the same key committed first: answer with its instance.
            reference, created = self._start_once(process_id, actor, data, key)
        return self.instance(reference), created

    def _start_once(self, process_id, actor, data, key) -> tuple[str, bool]:
        with self.db.write() as session:
            user = users.require_active(session, actor)
            earlier = session.get(IdempotencyKey, (user.login, key))
            if earlier is not None:
                self._require_same_start(session, earlier.reference, process_id, data)
                return earlier.reference, False
            reference = self._start_in(session, user, process_id, data)
            session.add(
                IdempotencyKey(login=user.login, key=key, reference=reference, created_at=self.clock.now())
            )
            session.flush()
            return reference, True

    def _start_in(self, session, user, process_id, data) -> str:
        """The steps of Engine.start inside the caller's transaction."""
        definition = inbox.latest_definition(session, process_id)
        if definition is None:
            raise NotFound(f"Proces '{process_id}' is niet in gebruik genomen.")
        model = self._model(definition)
        if model.start_timer is not None:
            raise NotAllowed("Dit proces start vanzelf op het geplande moment.")
        self._authorize(model, model.start_event, None, user)
        clean = self._validated(session, properties(model.start_event).get("formKey"), data, {})
        return self._begin(session, definition, model, user.login, clean).reference

    def _require_same_start(self, session, reference, process_id, data) -> None:
        """Refuse a repeat whose data differs from what started the instance (its audit event)."""
        instance = inbox.instance_row(session, reference)
        started = session.scalar(
            select(AuditEvent.data_after)
            .where(AuditEvent.instance_id == instance.id, AuditEvent.event == "started")
            .order_by(AuditEvent.id)
            .limit(1)
        )
        form = properties(self._model(instance.definition).start_event).get("formKey")
        try:
            clean = self._validated(session, form, data, {})
        except InvalidFormData:
            raise IdempotencyKeyReused() from None
        if instance.process_id != process_id or _without_seed(clean) != _without_seed(started or {}):
            raise IdempotencyKeyReused()


def _without_seed(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in SEEDED}
