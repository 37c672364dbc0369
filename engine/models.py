"""Tables of the engine: definitions, instances with their serialized state, the task and audit
projections, users. Times are stored in UTC."""

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Every id and number column is INTEGER, 32 bits on PostgreSQL. A larger number names nothing;
# sent to the database it overflows there (an error, not "not found"), so every id taken from
# outside (a URL, a query string, a form, the command line) is checked against this first.
MAX_ID = 2**31 - 1


class UtcDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    roles: Mapped[list["UserRole"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class Definition(Base):
    """One deployed version of one process; `xml` is the whole file it came from."""

    __tablename__ = "definitions"
    __table_args__ = (UniqueConstraint("process_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    xml: Mapped[str] = mapped_column(Text, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    deployed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deployed_by: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")


class StartTimer(Base):
    """The next moment a process with a timer start event must be started."""

    __tablename__ = "start_timers"

    process_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("definitions.id"))
    next_due: Mapped[datetime] = mapped_column(UtcDateTime)


class ReferenceCounter(Base):
    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Instance(Base):
    """A running or finished process instance; `state` (serialized SpiffWorkflow) is the truth."""

    __tablename__ = "instances"
    # Lists newest first, by period and by status, read from the index (migration 0009).
    __table_args__ = (
        Index("ix_instances_process_started", "process_id", "started_at", "definition_id"),
        Index("ix_instances_process_status_started", "process_id", "status", "started_at", "definition_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("definitions.id"))
    process_id: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    state: Mapped[str] = mapped_column(Text, deferred=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer)
    next_due: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    # Privacy: a legal hold stops retention and erasure; pseudonymised_at says it happened.
    legal_hold: Mapped[str | None] = mapped_column(Text, nullable=True)
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The logins last written to instance_viewers (sorted), so a step that leaves them unchanged
    # needs no look at that table; None when not known (access.update_viewers fills it in).
    viewers: Mapped[list | None] = mapped_column(JSON, nullable=True)

    definition: Mapped[Definition] = relationship(lazy="joined")
    __mapper_args__ = {"version_id_col": version}


class Task(Base):
    """Projection of the user tasks of an instance, for inboxes; never the truth of the flow."""

    __tablename__ = "tasks"
    # Inboxes only look at ready tasks: partial indexes keep the (far more numerous) completed
    # and cancelled rows out of every inbox path, and hold them in inbox order (by term).
    __table_args__ = (
        # Tasks nobody has yet, per role text (see RoleSet).
        Index(
            "ix_tasks_ready_open_roles",
            "roles",
            "due",
            "created_at",
            "id",
            sqlite_where=text("state = 'ready' AND assignee IS NULL"),
            postgresql_where=text("state = 'ready' AND assignee IS NULL"),
        ),
        # Every ready task (what waits where, running versions), without the finished ones.
        Index(
            "ix_tasks_ready",
            "instance_id",
            sqlite_where=text("state = 'ready'"),
            postgresql_where=text("state = 'ready'"),
        ),
        # Tasks of one assignee.
        Index(
            "ix_tasks_ready_assignee",
            "assignee",
            "due",
            "created_at",
            "id",
            sqlite_where=text("state = 'ready' AND assignee IS NOT NULL"),
            postgresql_where=text("state = 'ready' AND assignee IS NOT NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    bpmn_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    lane: Mapped[str | None] = mapped_column(String(200), nullable=True)
    role: Mapped[str | None] = mapped_column(String(32), nullable=True)
    roles: Mapped[str] = mapped_column(String(300), default="")
    assignee: Mapped[str | None] = mapped_column(String(64), nullable=True)
    form: Mapped[str | None] = mapped_column(String(100), nullable=True)
    due: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    completed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed: Mapped[bool] = mapped_column(Boolean, default=False)

    instance: Mapped[Instance] = relationship(lazy="joined")


class InstanceViewer(Base):
    """Who may see an instance besides the roles that see everything (kept by the plugin's rule)."""

    __tablename__ = "instance_viewers"
    # (login, instance_id): the instances one user may see, from the index alone.
    __table_args__ = (Index("ix_instance_viewers_login_instance", "login", "instance_id"),)

    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), primary_key=True)
    login: Mapped[str] = mapped_column(String(64), primary_key=True)


class TaskViewer(Base):
    """A ready task nobody has taken, as the inbox of one of its instance's viewers (see
    instance_viewers) reads it: per login, role text and term, so a user who does not see every
    instance finds the group tasks of their roles in one index range instead of checking each
    ready task against instance_viewers.

    Kept in the task's own transaction by the events below and access.update_viewers: rows come
    with a ready task without assignee (one per login in instance_viewers), follow its
    role text and term, go when it is taken or no longer ready, come back when it is released,
    and are rewritten when the instance's viewers change. A claim written past the ORM (a bulk
    UPDATE) leaves its rows: inboxes check each row read against its task anyway. Code that
    writes tasks or viewers in bulk must keep these rows too."""

    __tablename__ = "task_viewers"
    __table_args__ = (Index("ix_task_viewers_inbox", "login", "roles", "due", "created_at", "task_id"),)

    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    roles: Mapped[str] = mapped_column(String(300))
    due: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RoleSet(Base):
    """The roles a task's `roles` text names, one row per role; "" stands for a task outside
    every lane (or in a lane without roles). Inboxes turn a user's roles into the role texts of
    their tasks through this small table, so tasks are matched by equality on an index instead
    of by pattern. Every task row written adds its rows (the events below)."""

    __tablename__ = "role_sets"

    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    roles: Mapped[str] = mapped_column(String(300), primary_key=True)


def role_set_rows(roles: str) -> list[dict]:
    """The role_sets rows of one `roles` text."""
    return [{"role": role, "roles": roles} for role in dict.fromkeys(roles.split() or [""])]


# role_sets and task_viewers follow the task rows the engine writes through the ORM, in the
# same flush (mapper events may send SQL on the flush's connection).


@event.listens_for(Task, "before_insert")
def _new_task(mapper, connection, target) -> None:
    _register_role_set(connection, target.roles or "")


@event.listens_for(Task, "after_insert")
def _new_task_viewers(mapper, connection, target) -> None:
    if target.state == "ready" and target.assignee is None:
        _add_task_viewers(connection, target)


@event.listens_for(Task, "before_update")
def _changed_task(mapper, connection, target) -> None:
    if inspect(target).attrs.roles.history.added:
        _register_role_set(connection, target.roles or "")


@event.listens_for(Task, "after_update")
def _changed_task_viewers(mapper, connection, target) -> None:
    changed = inspect(target).attrs
    table = TaskViewer.__table__
    if changed.state.history.added or changed.assignee.history.added:
        connection.execute(table.delete().where(table.c.task_id == target.id))
        if target.state == "ready" and target.assignee is None:
            _add_task_viewers(connection, target)
    elif changed.roles.history.added or changed.due.history.added:
        connection.execute(
            table.update()
            .where(table.c.task_id == target.id)
            .values(roles=target.roles or "", due=target.due)
        )


def _add_task_viewers(connection, task) -> None:
    """The task_viewers rows of a ready task without assignee: one per viewer of its instance."""
    viewers = InstanceViewer.__table__
    rows = select(
        literal(task.id),
        viewers.c.login,
        literal(task.roles or ""),
        literal(task.due, UtcDateTime()),
        literal(task.created_at, UtcDateTime()),
    ).where(viewers.c.instance_id == task.instance_id)
    columns = ["task_id", "login", "roles", "due", "created_at"]
    connection.execute(TaskViewer.__table__.insert().from_select(columns, rows))


def _register_role_set(connection, roles: str) -> None:
    """Make sure the role_sets rows of a task's `roles` exist, in the task's own transaction."""
    rows = role_set_rows(roles)
    table = RoleSet.__table__
    dialect = connection.dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        connection.execute(insert(table).on_conflict_do_nothing(), rows)
        return
    present = set(connection.execute(select(table.c.role).where(table.c.roles == roles)).scalars())
    missing = [row for row in rows if row["role"] not in present]
    if missing:
        connection.execute(table.insert(), missing)


class CaseNote(Base):
    """A comment or a logged contact attempt in an instance's case file."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    author: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(100), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(100), nullable=True)
    contacted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class AuditEvent(Base):
    """Append-only trail of everything that happened to an instance."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    on_behalf_of: Mapped[str | None] = mapped_column(String(64), nullable=True)
    event: Mapped[str] = mapped_column(String(32))
    task_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    bpmn_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    title: Mapped[str | None] = mapped_column(String(300), nullable=True)
    data_before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    data_after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    details: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # Tamper evidence: a hash over this event's content and the previous event's hash. The
    # payload (data and details) enters through its own digest, so personal data can be erased
    # from it later (erased_at) while the chain stays verifiable.
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payload_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class OutboxMail(Base):
    """A mail written in the same transaction as the step that caused it, sent afterwards."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("instances.id"), index=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Local part of the Message-ID the mail is sent with, so a reply finds its instance.
    message_id: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True, index=True)


class ApiToken(Base):
    """A personal API token; only its hash is stored, the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class IdempotencyKey(Base):
    """The instance a client's Idempotency-Key created, so a retried request creates no second one."""

    __tablename__ = "idempotency_keys"

    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    reference: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Document(Base):
    """A file attached to an instance's case file, kept in the database (never in the web root)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Setting(Base):
    """A setting the admin changes at run time (e.g. retention terms), as JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    changed_by: Mapped[str] = mapped_column(String(64))


class StaffSession(Base):
    """A signed-in browser session of a staff member; the cookie holds the secret, this row its
    hash. Deleting the row ends the session in every worker at once."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class RateLimit(Base):
    """Attempts counted per key (a hash of the limit's name and e.g. an address) in a fixed
    window, shared by every worker."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class AccountEvent(Base):
    """Append-only, hash-chained trail of changes to staff accounts (who changed whom, how)."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    login: Mapped[str] = mapped_column(String(64), index=True)
    event: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str] = mapped_column(String(64))


class FollowUp(Base):
    """Work that goes on after its instance closed (e.g. a procedure change being implemented):
    a tracked item with a due date, not an open instance."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    done_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    done_note: Mapped[str | None] = mapped_column(Text, nullable=True)

    instance: Mapped[Instance] = relationship(lazy="joined")
