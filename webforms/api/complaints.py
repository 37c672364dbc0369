"""Complaints: register one (with an Idempotency-Key), the list with filters and pages, one
complaint with its open tasks and handler, its history, and handing it to another handler."""

from .. import context
from ..complaint_forms import PROCESS, STATUS_LABELS, categories
from . import body, shapes, starting
from .auth import caller
from .blueprint import bp
from .problems import ApiError

MAX_PER_PAGE = 200


@bp.post("/complaints")
def register():
    return starting.start(PROCESS, "api.complaint")


@bp.get("/complaints")
def complaints():
    status = body.choice("status", tuple(STATUS_LABELS))
    category = body.choice("category", tuple(categories(context.engine().plugin.forms)))
    page = body.number("page", 1, 1, 100_000)
    per_page = body.number("per_page", 25, 1, MAX_PER_PAGE)
    found = context.engine().instances(PROCESS, status, viewer=caller())
    chosen = [c for c in reversed(found) if category is None or c.data.get("category") == category]
    shown = chosen[(page - 1) * per_page : page * per_page]
    return {
        "complaints": [shapes.complaint_summary(c) for c in shown],
        "total": len(chosen),
        "page": page,
        "per_page": per_page,
    }


@bp.get("/complaints/<reference>")
def complaint(reference):
    return shapes.complaint(_complaint(reference))


@bp.get("/complaints/<reference>/history")
def history(reference):
    _complaint(reference)  # the history shows only what the complaint page would
    return {"events": [shapes.event(e) for e in context.engine().history(reference)]}


@bp.post("/complaints/<reference>/reassign")
def reassign(reference):
    engine = context.engine()
    data = body.json_object()
    fields = ("handler", "reason")
    if set(engine.user(caller()).roles) & set(engine.plugin.handover_roles):
        unknown = {name: "Dit veld hoort hier niet bij." for name in data if name not in fields}
        if unknown:
            raise ApiError(400, "De ingevulde gegevens zijn niet geldig.", unknown, code="invalid_data")
    handler, reason = (data.get(name) if isinstance(data.get(name), str) else "" for name in fields)
    engine.reassign(reference, caller(), handler, reason)  # refuses other roles first
    return shapes.complaint(_complaint(reference))


def _complaint(reference):
    """The complaint as the caller may see it; looking at a sensitive one is recorded, as on the web."""
    engine = context.engine()
    found = engine.instance(reference, viewer=caller())
    if found.process_id != PROCESS:
        raise ApiError(404, f"'{reference}' is geen klacht.")
    return found
