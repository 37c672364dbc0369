"""The case file beside the process: comments and logged contact attempts, each also audited."""

from sqlalchemy import select

from . import audit
from .errors import InvalidFormData
from .models import CaseNote, User
from .views import NoteView

MAX_TEXT = 10_000


def add_note(session, instance, author, now, *, kind, text, channel=None, outcome=None, contacted_at=None):
    errors = _problems(kind, text, channel, outcome, contacted_at, now)
    if errors:
        raise InvalidFormData(errors)
    note = CaseNote(
        instance_id=instance.id,
        at=now,
        author=author,
        kind=kind,
        text=text.strip(),
        channel=channel,
        outcome=outcome,
        contacted_at=contacted_at,
    )
    session.add(note)
    details = {"text": note.text}
    if kind == "contact":
        details.update(channel=channel, outcome=outcome, contacted_at=contacted_at.isoformat())
    audit.record(session, instance, now, f"{kind}_added", author, details=details)
    return note


def _problems(kind, text, channel, outcome, contacted_at, now) -> dict:
    errors = {}
    if not (text or "").strip():
        errors["text"] = "Dit veld is verplicht."
    elif len(text) > MAX_TEXT:
        errors["text"] = f"Gebruik hoogstens {MAX_TEXT} tekens."
    if kind == "contact":
        for field, value in (("channel", channel), ("outcome", outcome)):
            if not (value or "").strip():
                errors[field] = "Dit veld is verplicht."
            elif len(value) > 100:
                errors[field] = "Gebruik hoogstens 100 tekens."
        if contacted_at is None:
            errors["contacted_at"] = "Vul in wanneer er contact was."
        elif contacted_at.tzinfo is None or contacted_at > now:
            errors["contacted_at"] = "Dit moment ligt in de toekomst of heeft geen tijdzone."
    return errors


def notes(session, instance_id: int) -> list[NoteView]:
    rows = session.execute(
        select(CaseNote, User.name)
        .outerjoin(User, User.login == CaseNote.author)
        .where(CaseNote.instance_id == instance_id)
        .order_by(CaseNote.id)
    )
    return [
        NoteView(
            at=note.at,
            author=note.author,
            author_name=name or note.author,
            kind=note.kind,
            text=note.text,
            channel=note.channel,
            outcome=note.outcome,
            contacted_at=note.contacted_at,
        )
        for note, name in rows
    ]
