"""Plain data the engine hands out; callers never see SpiffWorkflow or ORM objects."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class UserView:
    login: str
    name: str
    function: str
    email: str
    roles: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class DefinitionView:
    id: int
    process_id: str
    name: str
    version: int
    deployed_at: datetime
    deployed_by: str
    comment: str
    new: bool = False


@dataclass(frozen=True)
class TaskView:
    id: str
    reference: str
    process_id: str
    bpmn_id: str
    title: str
    lane: str | None
    role: str | None
    roles: tuple[str, ...]
    assignee: str | None
    form: str | None
    due: datetime | None
    state: str
    created_at: datetime
    completed_at: datetime | None = None
    completed_by: str | None = None
    documentation: str | None = None
    schema: dict | None = None
    claimed: bool = False  # taken by a user from a group, as opposed to assigned by the diagram


@dataclass(frozen=True)
class InstanceView:
    reference: str
    process_id: str
    process_name: str
    version: int
    status: str
    data: dict
    started_at: datetime
    started_by: str
    closed_at: datetime | None
    next_due: datetime | None
    tasks: list[TaskView] = field(default_factory=list)


@dataclass(frozen=True)
class AuditView:
    at: datetime
    actor: str
    on_behalf_of: str | None
    event: str
    task: str | None
    title: str | None
    task_id: str | None
    data_before: dict | None
    data_after: dict | None
    details: dict | None


@dataclass(frozen=True)
class Fired:
    """One timer that fired: in an instance, or the start of a new instance."""

    reference: str
    event: str
    element: str
    title: str | None
    due: datetime | None


@dataclass(frozen=True)
class NoteView:
    at: datetime
    author: str
    author_name: str
    kind: str
    text: str
    channel: str | None
    outcome: str | None
    contacted_at: datetime | None


@dataclass(frozen=True)
class InboxRow:
    task: TaskView
    summary: dict
    working_days_left: int | None


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    per_page: int
    counts: dict
    # The figures ("total", "mine", "roles", "overdue") that stopped counting at their value:
    # there are more than that.
    capped: frozenset = frozenset()


@dataclass(frozen=True)
class Notice:
    """Something happened that people may need to hear about (the plugin decides who and how)."""

    kind: str  # "message" (thrown by the diagram), "task_created" or "closed"
    name: str  # message name, task BPMN id, or the process id
    reference: str
    case: dict
    now: datetime
    directory: object
    payload: dict | None = None
    task: TaskView | None = None
