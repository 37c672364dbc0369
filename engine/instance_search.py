"""Finding instances for people who oversee them: text, filters, late terms, sorting and pages.

Everything is decided in SQL so a page costs two statements, whatever the number of instances.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, func, literal, or_, select

from .models import Definition, Instance, Task, UtcDateTime
from .search_text import InstanceText, matches

# The sort keys a caller may ask for ("-" in front: descending); "data.<field>" sorts on case data.
COLUMNS = {
    "reference": Instance.reference,
    "started": Instance.started_at,
    "closed": Instance.closed_at,
    "status": Instance.status,
    "version": Definition.version,
    "next_due": Instance.next_due,
}
LATE = ("overdue", "missed")
MAX_EXPORT = 50_000
MAX_WORDS = 8


@dataclass(frozen=True)
class InstanceQuery:
    process_id: str
    text: str = ""
    text_fields: tuple[str, ...] = ()  # case data fields searched besides the reference
    status: str | None = None
    where: dict = field(default_factory=dict)  # case data field -> exact value
    started_from: datetime | None = None
    started_before: datetime | None = None
    late: str | None = None  # "overdue": a task is past its due now; "missed": any term was missed
    version: int | None = None
    sort: str = "-started"
    page: int = 1
    per_page: int = 25


@dataclass(frozen=True)
class FoundInstance:
    reference: str
    process_id: str
    version: int
    status: str
    data: dict
    started_at: datetime
    closed_at: datetime | None
    next_due: datetime | None
    overdue: bool  # a task is open past its due moment now
    term_missed: bool  # a task was (or is still) open after its due moment


@dataclass(frozen=True)
class FoundPage:
    rows: list[FoundInstance]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def late_conditions(now: datetime):
    """(overdue, term missed) as conditions on Instance; a term is missed when its task was done,
    cancelled or is still open after its due moment (the report's rule, process/report_measures)."""
    moment = literal(now, UtcDateTime())
    overdue = exists().where(
        Task.instance_id == Instance.id, Task.state == "ready", Task.due.is_not(None), Task.due < moment
    )
    missed = exists().where(
        Task.instance_id == Instance.id,
        Task.due.is_not(None),
        func.coalesce(Task.completed_at, moment) > Task.due,
    )
    return overdue, missed


def search(
    session, query: InstanceQuery, visible, now: datetime, export: bool = False, indexed: bool = False
) -> FoundPage:
    """`indexed`: search words in instance_texts (the process's search fields) instead of the
    query's text_fields in the case JSON."""
    overdue, missed = late_conditions(now)
    base = _filtered(query, visible, overdue, missed, indexed)
    total = session.scalar(select(func.count()).select_from(base.with_only_columns(Instance.id).subquery()))
    per_page = MAX_EXPORT if export else query.per_page
    page = 1 if export else query.page
    rows = session.execute(
        base.add_columns(overdue.label("overdue"), missed.label("missed"))
        .order_by(*_order(query.sort))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    found = [_found(row.Instance, row.version, row.overdue, row.missed) for row in rows]
    return FoundPage(found, total, page, per_page)


def _filtered(query: InstanceQuery, visible, overdue, missed, indexed=False):
    statement = (
        select(Instance, Definition.version)
        .join(Definition, Definition.id == Instance.definition_id)
        .where(Instance.process_id == query.process_id, visible)
    )
    words = query.text.split()[:MAX_WORDS]  # every word somewhere: "teruggebeld Jansen"
    if words and indexed:  # scan the narrow texts first, then fetch the instances found by key
        found = select(InstanceText.instance_id).where(*(matches(word) for word in words))
        statement = statement.where(Instance.id.in_(found))
    columns = [Instance.reference, *(Instance.data[name].as_string() for name in query.text_fields)]
    for word in words if not indexed else ():
        pattern = f"%{_escaped(word)}%"
        statement = statement.where(or_(*(column.ilike(pattern, escape="\\") for column in columns)))
    if query.status:
        statement = statement.where(Instance.status == query.status)
    for name, value in query.where.items():
        statement = statement.where(Instance.data[name].as_string() == value)
    if query.started_from is not None:
        statement = statement.where(Instance.started_at >= query.started_from)
    if query.started_before is not None:
        statement = statement.where(Instance.started_at < query.started_before)
    if query.late == "overdue":
        statement = statement.where(overdue)
    elif query.late == "missed":
        statement = statement.where(missed)
    if query.version is not None:
        statement = statement.where(Definition.version == query.version)
    return statement


def _order(sort: str):
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key.startswith("data."):
        column = Instance.data[key[5:]].as_string()
    else:
        column = COLUMNS.get(key, Instance.started_at)
    return (column.desc() if descending else column.asc(), Instance.id.desc() if descending else Instance.id)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _found(row: Instance, version: int, overdue, missed) -> FoundInstance:
    return FoundInstance(
        reference=row.reference,
        process_id=row.process_id,
        version=version,
        status=row.status,
        data=dict(row.data or {}),
        started_at=row.started_at,
        closed_at=row.closed_at,
        next_due=row.next_due,
        overdue=bool(overdue),
        term_missed=bool(missed),
    )
