"""What a complaint page shows: status, registered data, handler, terms, open tasks, steps done."""

from dataclasses import dataclass
from datetime import datetime

from .answers import Answer, answers
from .case_kind import CasePages, kind_of, pages_of
from .complaint_forms import STATUS_LABELS, handler_text
from .steps_done import StepDone, steps_done


@dataclass(frozen=True)
class Term:
    title: str
    due: datetime
    passed: bool


@dataclass(frozen=True)
class OpenTask:
    task: object  # the engine's TaskView
    mine: bool  # the viewer may do it
    for_complainant: bool  # staff would record it on the complainant's behalf


@dataclass(frozen=True)
class ComplaintView:
    complaint: object  # the engine's InstanceView
    status: str
    registered: list[Answer]
    handler: str | None
    terms: list[Term]
    steps: list[StepDone]
    open_tasks: list[OpenTask]
    kind: str  # what the process says this case is: a complaint, an analysis
    pages: CasePages
    period: str | None = None  # the quarter an analysis is about


def complaint_view(engine, reference: str, viewer: str) -> ComplaintView:
    """The complaint as `viewer` may see it (NotFound when they may not)."""
    complaint = engine.instance(reference, viewer=viewer)
    names = {user.login: user.name for user in engine.users()}
    now = engine.clock.now()
    mine = {t.id for t in engine.tasks(login=viewer, reference=reference)}
    public = engine.plugin.public_role
    kind = kind_of(engine, complaint.process_id)
    pages = pages_of(kind)
    return ComplaintView(
        complaint=complaint,
        status=STATUS_LABELS.get(complaint.status, complaint.status),
        registered=answers(engine.plugin.forms.schema(pages.record_form), complaint.data, names=names),
        handler=handler_text(complaint.data),
        terms=[Term(t.title, t.due, t.due < now) for t in complaint.tasks if t.due is not None],
        steps=steps_done(engine, engine.history(reference), names),
        open_tasks=[OpenTask(t, t.id in mine, bool(public) and t.role == public) for t in complaint.tasks],
        kind=kind,
        pages=pages,
        period=complaint.data.get("quarter"),
    )
