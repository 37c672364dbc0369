"""Inbox rows as the table shows them: what to print, and which actions the row offers; the
counters and the number of pages."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class InboxLine:
    task_id: str
    reference: str
    title: str
    for_complainant: bool  # staff record it on the complainant's behalf
    complainant: str
    category: str
    due: datetime | None
    working_days_left: int | None
    late: bool
    claimable: bool
    releasable: bool


def inbox_lines(page, login: str, public_role: str | None, categories: dict) -> list[InboxLine]:
    return [_line(row, login, public_role, categories) for row in page.rows]


def _line(row, login, public_role, categories) -> InboxLine:
    task, left = row.task, row.working_days_left
    return InboxLine(
        task_id=task.id,
        reference=task.reference,
        title=task.title,
        for_complainant=public_role is not None and task.role == public_role,
        complainant=row.summary.get("complainant_name") or "–",
        category=categories.get(row.summary.get("category"), "–"),
        due=task.due,
        working_days_left=left,
        late=left is not None and left < 0,
        claimable=task.assignee is None,
        releasable=task.claimed and task.assignee == login,
    )


def figures(page) -> dict[str, str]:
    """The total and the tab counters as printed: a figure the engine stopped counting at its
    limit reads "1000+" (more than 1000)."""
    shown = {"total": page.total, **page.counts}
    return {key: f"{value}+" if key in page.capped else str(value) for key, value in shown.items()}


def page_count(page) -> tuple[int, bool]:
    """(pages, more): the number of pages, or with `more` the number there are more than."""
    if "total" in page.capped:
        return page.total // page.per_page, True
    return max(1, -(-page.total // page.per_page)), False
