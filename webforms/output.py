"""How the engine's views look on the command line: JSON shapes (a contract) and text lines."""

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")


def when(moment: datetime | None) -> str | None:
    return moment.astimezone(LOCAL).isoformat() if moment else None


def plain(value):
    """JSON-ready: dataclasses to dicts, moments to Europe/Amsterdam ISO 8601."""
    if dataclasses.is_dataclass(value):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return when(value)
    return value


def task(view, detail=False) -> dict:
    shown = {
        "id": view.id,
        "complaint": view.reference,
        "task": view.bpmn_id,
        "title": view.title,
        "role": view.role,
        "roles": list(view.roles),
        "assignee": view.assignee,
        "due": when(view.due),
        "form": view.form,
        "state": view.state,
        "created_at": when(view.created_at),
    }
    if view.completed_by or view.completed_at:
        shown.update(completed_by=view.completed_by, completed_at=when(view.completed_at))
    if detail:
        shown.update(documentation=view.documentation, schema=view.schema)
    return shown


def instance(view) -> dict:
    return {
        "reference": view.reference,
        "status": view.status,
        "process": view.process_id,
        "version": view.version,
        "data": view.data,
        "tasks": [task(t) for t in view.tasks],
        "started_at": when(view.started_at),
        "started_by": view.started_by,
        "closed_at": when(view.closed_at),
        "next_due": when(view.next_due),
    }


def instance_summary(view) -> dict:
    shown = instance(view)
    del shown["tasks"]
    return shown


def fired(view) -> dict:
    return {
        "complaint": view.reference,
        "event": view.event,
        "element": view.element,
        "title": view.title,
        "due": when(view.due),
    }


def event(view) -> dict:
    return {
        "at": when(view.at),
        "actor": view.actor,
        "on_behalf_of": view.on_behalf_of,
        "event": view.event,
        "task": view.task,
        "title": view.title,
        "task_id": view.task_id,
        "data_before": view.data_before,
        "data_after": view.data_after,
        "details": view.details,
    }


def _short(moment) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M") if moment else "-"


def user_line(view) -> str:
    state = "" if view.active else " (inactief)"
    return f"{view.login:12} {view.name} — {view.function} [{', '.join(view.roles)}]{state}"


def task_line(view) -> str:
    who = view.assignee or view.role or "iedereen"
    return f"{view.id}  {view.reference}  {view.title}  [{who}]  termijn: {_short(view.due)}"


def task_text(view) -> str:
    lines = [task_line(view), f"Formulier: {view.form or '-'}"]
    if view.documentation:
        lines.append(view.documentation)
    for name, prop in (view.schema or {}).get("properties", {}).items():
        required = " (verplicht)" if name in (view.schema or {}).get("required", []) else ""
        lines.append(f"  {name}: {prop.get('title', name)}{required}")
    return "\n".join(lines)


def instance_line(view) -> str:
    who = view.data.get("complainant_name", "")
    return f"{view.reference}  {view.status:9}  {_short(view.started_at)}  {who}"


def instance_text(view) -> str:
    lines = [f"{view.reference} — {view.process_name} v{view.version} — {view.status}"]
    lines += [f"  {key}: {value}" for key, value in view.data.items()]
    lines += ["Open taken:"] + [f"  {task_line(t)}" for t in view.tasks] if view.tasks else []
    return "\n".join(lines)


def fired_line(view) -> str:
    return f"{view.reference}  {view.title or view.element}  (termijn {_short(view.due)})"


def event_line(view) -> str:
    behalf = f" namens {view.on_behalf_of}" if view.on_behalf_of else ""
    title = f" — {view.title}" if view.title else ""
    return f"{_short(view.at)}  {view.actor}{behalf}  {view.event}{title}"


def mail(view) -> dict:
    return {
        "id": view.id,
        "complaint": view.reference,
        "kind": view.kind,
        "to": view.to,
        "subject": view.subject,
        "text": view.text,
        "status": view.status,
        "attempts": view.attempts,
        "created_at": when(view.created_at),
        "sent_at": when(view.sent_at),
        "last_error": view.last_error,
    }


def mail_line(view) -> str:
    return f"{view.id:5}  {view.status:8}  {view.reference or '-':13}  {view.to}  {view.subject}"


def copy_text(report, restored: bool) -> str:
    """`klacht backup` and `klacht restore`: where the copy went and what its checks found."""
    size = f"{report.bytes / 1_048_576:.1f} MB".replace(".", ",")
    if restored:
        upgraded = f", bijgewerkt vanaf {report.upgraded_from}" if report.upgraded_from else ""
        lines = [
            f"Database {report.database} hersteld uit {report.backup} "
            f"({size}, migratieversie {report.revision}{upgraded})."
        ]
    else:
        lines = [f"Back-up geschreven naar {report.backup} ({size}, migratieversie {report.revision})."]
    if report.audit_intact is None:
        lines.append(
            f"Integriteit ok. Let op: de database staat op migratieversie {report.revision}, deze "
            f"versie van klacht verwacht {report.head}; de audittrail is niet gecontroleerd "
            "(`klacht init` werkt de database bij)."
        )
    elif report.audit_intact:
        lines.append(
            f"Gecontroleerd: integriteit ok, audittrail intact ({report.audit_events} gebeurtenissen)."
        )
    else:
        lines.append(
            f"Integriteit ok, maar de audittrail is GEBROKEN: {report.audit_problem}. De back-up is een "
            "getrouwe kopie; zoek uit wat er in de database is gewijzigd (`klacht audit verify`)."
        )
    return "\n".join(lines)
