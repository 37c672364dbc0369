"""Read side: tasks, instances and history from the projection tables, never from workflow state."""

from dataclasses import dataclass, replace
from functools import lru_cache

from sqlalchemy import (
    Integer,
    String,
    and_,
    bindparam,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased, contains_eager

from . import access, audit
from .models import Definition, Instance, RoleSet, Task, TaskViewer, UtcDateTime
from .views import DefinitionView, InstanceView, TaskView


def task_view(row: Task, documentation=None, schema=None) -> TaskView:
    return TaskView(
        id=row.id,
        reference=row.instance.reference,
        process_id=row.instance.process_id,
        bpmn_id=row.bpmn_id,
        title=row.title,
        lane=row.lane,
        role=row.role,
        roles=tuple(row.roles.split()),
        assignee=row.assignee,
        form=row.form,
        due=row.due,
        state=row.state,
        created_at=row.created_at,
        completed_at=row.completed_at,
        completed_by=row.completed_by,
        documentation=documentation,
        schema=schema,
        claimed=bool(row.claimed),
    )


def ready_tasks(
    session, *, login=None, roles=(), reference=None, visible=None, barred=None
) -> list[TaskView]:
    """Ready tasks, optionally only those of one instance and those a user may pick up (never
    those of an instance whose `barred(data)` names the user)."""
    query = (
        select(Task).join(Task.instance).options(contains_eager(Task.instance)).where(Task.state == "ready")
    )
    if visible is not None:
        query = query.where(visible)
    if reference is not None:
        query = query.where(Instance.reference == reference)
    if login is not None:
        query = query.where(
            or_(Task.assignee == login, and_(Task.assignee.is_(None), for_roles(session, roles)))
        )
    query = query.order_by(Task.due.is_(None), Task.due, Task.created_at, Task.id)
    rows = session.scalars(query)
    if login is not None and barred is not None:
        rows = [row for row in rows if login not in barred(row.instance.data)]
    return [task_view(row) for row in rows]


def instance_row(session, reference: str) -> Instance:
    row = session.scalar(select(Instance).where(Instance.reference == reference))
    if row is None:
        raise access.unseen(reference)
    return row


def instance_view(session, row: Instance, with_tasks=True) -> InstanceView:
    tasks = ready_tasks(session, reference=row.reference) if with_tasks else []
    return InstanceView(
        reference=row.reference,
        process_id=row.process_id,
        process_name=row.definition.name,
        version=row.definition.version,
        status=row.status,
        data=dict(row.data),
        started_at=row.started_at,
        started_by=row.started_by,
        closed_at=row.closed_at,
        next_due=row.next_due,
        tasks=tasks,
    )


def instances(session, process_id=None, status=None, visible=None) -> list[InstanceView]:
    query = select(Instance).order_by(Instance.id)
    if visible is not None:
        query = query.where(visible)
    if process_id:
        query = query.where(Instance.process_id == process_id)
    if status:
        query = query.where(Instance.status == status)
    return [instance_view(session, row, with_tasks=False) for row in session.scalars(query)]


def history(session, reference: str):
    return audit.trail(session, instance_row(session, reference).id)


def definition_view(row: Definition, new=False) -> DefinitionView:
    return DefinitionView(
        id=row.id,
        process_id=row.process_id,
        name=row.name,
        version=row.version,
        deployed_at=row.deployed_at,
        deployed_by=row.deployed_by,
        comment=row.comment,
        new=new,
    )


def latest_definition(session, process_id: str) -> Definition | None:
    return session.scalar(
        select(Definition)
        .where(Definition.process_id == process_id)
        .order_by(Definition.version.desc())
        .limit(1)
    )


def definitions(session) -> list[DefinitionView]:
    rows = session.scalars(select(Definition).order_by(Definition.process_id, Definition.version))
    return [definition_view(row) for row in rows]


def role_texts(session, roles) -> dict[str, list[str]]:
    """Per role, the `tasks.roles` texts that name it (from role_sets; "" stands for tasks
    outside every lane), so tasks are matched by equality on an index instead of by pattern."""
    found: dict[str, list[str]] = {role: [] for role in roles}
    if roles:
        rows = session.execute(
            select(RoleSet.role, RoleSet.roles).where(RoleSet.role.in_(sorted(set(roles))))
        )
        for role, text in rows:
            found[role].append(text)
    return found


def for_roles(session, roles):
    """A condition on Task: open to any of these roles."""
    texts = sorted({text for found in role_texts(session, roles).values() for text in found})
    return Task.roles.in_(texts) if texts else false()


# In the SQL text, not a parameter: only then may a planner use the partial indexes on ready
# tasks (SQLite; a prepared PostgreSQL statement's generic plan).
READY = Task.state == literal_column("'ready'")
# Inbox figures (the tab counters and the total) are counted up to this many; beyond it they
# are reported as this number with their key in `capped` ("1000+"), so a count never has to
# touch every ready task.
COUNT_LIMIT = 1000
SORTS = ("due", "-due", "created", "reference")
LOGIN = bindparam("login", type_=String)
NOW = bindparam("now", type_=UtcDateTime())


def _count(name: str):
    """A row count as a LIMIT/OFFSET: written into the SQL text, so plans know it."""
    return bindparam(name, type_=Integer, literal_execute=True)


@dataclass(frozen=True)
class _Range:
    """Ready tasks read from one index range: a statement selecting their ids ("id"), and the
    columns of the table the range is on, which its index holds in the order (due, created_at,
    id). Each range is read in that order and cut, so a planner has no reason to read it any
    other way."""

    statement: object
    due: object
    created_at: object
    id: object
    via_viewers: bool = False

    def where(self, *conditions) -> "_Range":
        return replace(self, statement=self.statement.where(*conditions))

    def overdue(self) -> "_Range":
        return self.where(self.due < NOW)

    def with_instance(self) -> "_Range":
        statement = self.statement
        if self.via_viewers:
            statement = statement.join(Task, Task.id == TaskViewer.task_id)
        return replace(self, statement=statement.join(Instance, Instance.id == Task.instance_id))

    def keys(self, sort: str) -> list[tuple[str, object, bool]]:
        """(name, expression, descending) per sort key. Tasks without a term come last; the id
        makes the order total, so pages never overlap."""
        if sort == "created":
            return [("created_at", self.created_at, False), ("id", self.id, False)]
        if sort == "reference":
            return [
                ("reference", Instance.reference, False),
                ("created_at", self.created_at, False),
                ("id", self.id, False),
            ]
        return [
            ("no_due", self.due.is_(None), False),
            ("due", self.due, sort == "-due"),
            ("created_at", self.created_at, False),
            ("id", self.id, False),
        ]

    def head(self, count):
        """The first `count` tasks in index order (to count them)."""
        cut = self.statement.order_by(self.due, self.created_at, self.id).limit(count).subquery()
        return select(cut.c.id).select_from(cut)

    def first(self, count, sort: str):
        """Selects of the first `count` tasks of the range in this order, with their sort keys
        (k_...). By term: the tasks with a term and those without apart, each read in its
        index's order (an index holds tasks without a term first on SQLite, last on PostgreSQL)."""
        keys = self.keys(sort)
        if sort not in ("due", "-due"):
            return [self._first(self.statement, keys, _order(keys), count)]
        later = sort == "-due"
        return [
            self._first(
                self.statement.where(self.due.is_not(None)),
                keys,
                [self.due.desc() if later else self.due, self.created_at, self.id],
                count,
            ),
            # (ordered by due too, which is NULL here: the index's order, as a planner sees it)
            self._first(
                self.statement.where(self.due.is_(None)), keys, [self.due, self.created_at, self.id], count
            ),
        ]

    @staticmethod
    def _first(statement, keys, order, count):
        labelled = statement.add_columns(
            *(expression.label(f"k_{name}") for name, expression, _ in keys if name != "id")
        )
        cut = labelled.order_by(*order).limit(count).subquery()
        return select(*cut.c).select_from(cut)


def _order(keys):
    return [expression.desc() if descending else expression for _, expression, descending in keys]


def _assigned(sees_all: bool) -> _Range:
    """Ready tasks of the user (tasks by assignee), on instances they may see."""
    visible = true() if sees_all else access.viewer_of(Task.instance_id, LOGIN)
    statement = select(Task.id.label("id")).where(READY, Task.assignee == LOGIN, visible)
    return _Range(statement, Task.due, Task.created_at, Task.id)


def _waiting(sees_all: bool, text) -> _Range:
    """Ready tasks nobody has, of one role text: for a user who sees every instance from tasks by
    role text, for others from task_viewers by login and role text (only what they may see). A
    task_viewers row is checked against its task row by a subquery per row read, not a join (a
    planner could turn that into a scan of every ready task): it tells a claimed task, whose
    task_viewers rows may stay, and keeps out anything no longer ready."""
    if sees_all:
        statement = select(Task.id.label("id")).where(READY, Task.assignee.is_(None), Task.roles == text)
        return _Range(statement, Task.due, Task.created_at, Task.id)
    task = aliased(Task)
    still_open = (
        select(task.assignee.is_(None))
        .where(task.id == TaskViewer.task_id, task.state == literal_column("'ready'"))
        .correlate(TaskViewer)
        .scalar_subquery()
    )
    statement = select(TaskViewer.task_id.label("id")).where(
        TaskViewer.login == LOGIN, TaskViewer.roles == text, still_open
    )
    return _Range(statement, TaskViewer.due, TaskViewer.created_at, TaskViewer.task_id, via_viewers=True)


@dataclass(frozen=True)
class _Shape:
    """What an inbox's statements look like; the values (login, role texts, moment, limits)
    are parameters, so each shape is built and compiled once."""

    scope: str
    sees_all: bool
    shown: int  # role texts read for the page ("roles")
    mine_role: bool  # "mine" kept to the role texts of one role
    overdue: bool
    where: tuple  # case data keys filtered on
    sort: str
    own: int  # role texts of the user's roles (the counts)
    total: bool  # the total counted apart from the tab counts


def inbox_page(session, query) -> tuple[list[Task], int, dict, frozenset]:
    """One page of an inbox: (rows, total, counts, capped) in three statements (the role texts,
    the rows, the counts), whatever the size.

    Everything is read from index ranges that hold only ready tasks, in inbox order: the user's
    own tasks (tasks by assignee), and per role text of their roles the tasks nobody has yet
    (tasks by role text, or task_viewers by login and role text for a user who does not see
    every instance, so the tasks of instances they may not see are never read). The page merges
    the ranges cut at its end, and is cut before its instances are joined; counts stop at their
    limit ("capped")."""
    texts = role_texts(session, set(query.roles) | ({query.role} if query.role else set()))
    own = sorted({text for role in query.roles for text in texts[role]})
    shown = [text for text in own if not query.role or text in texts[query.role]]
    total_limit = max(COUNT_LIMIT, query.page * query.per_page)
    shape = _Shape(
        scope=query.scope,
        sees_all=query.sees_all,
        shown=len(shown),
        mine_role=bool(query.role),
        overdue=query.overdue,
        where=tuple(query.where),
        sort=query.sort if query.sort in SORTS else "due",
        own=len(own),
        total=bool(query.role or query.overdue or query.where) or total_limit != COUNT_LIMIT,
    )
    rows_statement, counts_statement = _statements(shape)
    end = query.page * query.per_page
    values = {
        "login": query.login,
        "now": query.now,
        "mine_texts": texts[query.role] if query.role else [],
        "end": end,
        "per_page": query.per_page,
        "offset": end - query.per_page,
        "limit": COUNT_LIMIT + 1,
        "total_limit": total_limit + 1,
        **{f"text_{n}": text for n, text in enumerate(own)},
        **{f"shown_{n}": text for n, text in enumerate(shown)},
        **{f"where_{n}": value for n, value in enumerate(query.where.values())},
    }
    rows = session.scalars(rows_statement, values).all() if rows_statement is not None else []
    found = session.execute(counts_statement, values).one()._asdict()
    limits = {"mine": COUNT_LIMIT, "roles": COUNT_LIMIT, "overdue": COUNT_LIMIT, "total": total_limit}
    capped = {key for key, count in found.items() if count > limits[key]}
    counts = {key: min(found[key], limits[key]) for key in ("mine", "roles", "overdue")}
    if shape.total:
        total = min(found["total"], total_limit)
    else:
        total = counts[query.scope]
        capped |= {"total"} if query.scope in capped else set()
    return rows, total, counts, frozenset(capped)


@lru_cache(maxsize=256)
def _statements(shape: _Shape):
    """(rows, counts) statements of an inbox of this shape."""
    mine = [_assigned(shape.sees_all)]
    own = [_waiting(shape.sees_all, bindparam(f"text_{n}", type_=String)) for n in range(shape.own)]
    if shape.scope == "mine":
        ranges = mine
        if shape.mine_role:
            ranges = [mine[0].where(Task.roles.in_(bindparam("mine_texts", expanding=True)))]
    else:
        ranges = [_waiting(shape.sees_all, bindparam(f"shown_{n}", type_=String)) for n in range(shape.shown)]
    if shape.overdue:
        ranges = [part.overdue() for part in ranges]
    if shape.where or shape.sort == "reference":
        ranges = [part.with_instance() for part in ranges]
    for n, key in enumerate(shape.where):
        ranges = [
            part.where(Instance.data[key].as_string() == bindparam(f"where_{n}", type_=String))
            for part in ranges
        ]

    figures = {"mine": mine, "roles": own, "overdue": [part.overdue() for part in (*mine, *own)]}
    limits = dict.fromkeys(figures, "limit")
    if shape.total:
        figures["total"], limits["total"] = ranges, "total_limit"
    counts = select(*(_count_up_to(parts, limits[key]).label(key) for key, parts in figures.items()))
    return _page(ranges, shape.sort), counts


def _page(ranges: list[_Range], sort: str):
    """The statement reading one page of the union of ranges, in order (None: no ranges)."""
    if not ranges:
        return None
    parts = [cut for part in ranges for cut in part.first(_count("end"), sort)]
    candidates = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    keys = [
        (name, candidates.c["id" if name == "id" else f"k_{name}"], desc)
        for name, _, desc in ranges[0].keys(sort)
    ]
    chosen = (
        select(candidates.c.id)
        .order_by(*_order(keys))
        .limit(_count("per_page"))
        .offset(_count("offset"))
        .subquery()
    )
    return (
        select(Task)
        .join(chosen, chosen.c.id == Task.id)
        .join(Task.instance)
        .options(contains_eager(Task.instance))
        .order_by(*_order(_Range(None, Task.due, Task.created_at, Task.id).keys(sort)))
    )


def _count_up_to(ranges: list[_Range], limit: str):
    """A scalar subquery counting the tasks of the union of ranges up to the parameter `limit`:
    each range is read in its index's order up to there (which also steers a planner to it)."""
    if not ranges:
        return literal(0)
    parts = [part.head(_count(limit)) for part in ranges]
    union = parts[0] if len(parts) == 1 else union_all(*parts)
    return select(func.count()).select_from(union.limit(_count(limit)).subquery()).scalar_subquery()
