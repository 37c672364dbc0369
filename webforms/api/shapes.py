"""How the engine's views look in the API: the JSON shapes the OpenAPI document promises.
Moments are ISO 8601 in Europe/Amsterdam."""

from ..complaint_forms import STATUS_LABELS
from ..output import event as event  # the audit event shape is the CLI's
from ..output import when


def task(view, detail=False) -> dict:
    shown = {
        "id": view.id,
        "reference": view.reference,
        "process": view.process_id,
        "task": view.bpmn_id,
        "title": view.title,
        "role": view.role,
        "roles": list(view.roles),
        "assignee": view.assignee,
        "claimed": view.claimed,
        "form": view.form,
        "due": when(view.due),
        "state": view.state,
        "created_at": when(view.created_at),
        "completed_at": when(view.completed_at),
        "completed_by": view.completed_by,
    }
    if detail:
        shown.update(documentation=view.documentation, schema=view.schema)
    return shown


def inbox_page(page) -> dict:
    return {
        "tasks": [
            {**task(row.task), "summary": row.summary, "working_days_left": row.working_days_left}
            for row in page.rows
        ],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "counts": dict(page.counts),
        # Counting stops at a cap: these figures mean "at least this many".
        "capped": sorted(page.capped),
    }


def instance(view) -> dict:
    return {
        "reference": view.reference,
        "process": view.process_id,
        "process_name": view.process_name,
        "version": view.version,
        "status": view.status,
        "data": view.data,
        "started_at": when(view.started_at),
        "started_by": view.started_by,
        "closed_at": when(view.closed_at),
        "next_due": when(view.next_due),
        "tasks": [task(t) for t in view.tasks],
    }


def complaint(view) -> dict:
    data = view.data
    handler = None
    if data.get("handler"):
        handler = {
            "login": data["handler"],
            "name": data.get("handler_name"),
            "function": data.get("handler_function"),
        }
    return {**instance(view), "status_label": STATUS_LABELS.get(view.status, view.status), "handler": handler}


def complaint_summary(view) -> dict:
    return {
        "reference": view.reference,
        "status": view.status,
        "status_label": STATUS_LABELS.get(view.status, view.status),
        "complainant_name": view.data.get("complainant_name"),
        "category": view.data.get("category"),
        "started_at": when(view.started_at),
        "closed_at": when(view.closed_at),
    }


def started(reference: str, visible_view, url: str) -> dict:
    """A new instance as its starter may see it: without tasks when the rules hide it from them."""
    return {
        "reference": reference,
        "visible": visible_view is not None,
        "status": visible_view.status if visible_view else "open",
        "tasks": [task(t) for t in visible_view.tasks] if visible_view else [],
        "url": url,
    }


def processes(definitions) -> list[dict]:
    """Deployed definitions grouped per process, versions oldest first."""
    grouped: dict[str, dict] = {}
    for each in definitions:
        entry = grouped.setdefault(each.process_id, {"process_id": each.process_id, "versions": []})
        entry.update(name=each.name, latest_version=each.version)
        entry["versions"].append(
            {
                "version": each.version,
                "name": each.name,
                "deployed_at": when(each.deployed_at),
                "deployed_by": each.deployed_by,
                "comment": each.comment,
            }
        )
    return list(grouped.values())


def token(view) -> dict:
    return {
        "id": view.id,
        "login": view.login,
        "name": view.name,
        "created_at": when(view.created_at),
        "last_used_at": when(view.last_used_at),
        "revoked_at": when(view.revoked_at),
    }


def filed(reference: str, status_token: str, status_url: str, answers) -> dict:
    """What the complainant gets after filing: the reference and their personal links."""
    return {
        "reference": reference,
        "status_token": status_token,
        "status_url": status_url,
        "answer_links": [{"title": title, "url": url} for title, url in answers],
    }


def complainant_status(status) -> dict:
    return {
        "reference": status.reference,
        "received": when(status.received),
        "phase": status.phases[status.current].title,
        "phases": [
            {"title": phase.title, "explanation": phase.explanation, "state": _state(index, status.current)}
            for index, phase in enumerate(status.phases)
        ],
        "due": when(status.due),
        "withdrawn": status.withdrawn,
        "registered": [{"field": a.name, "label": a.label, "value": a.value} for a in status.registered],
    }


def _state(index: int, current: int) -> str:
    return "done" if index < current else "current" if index == current else "todo"
