"""The case file as one timeline: steps, notes, contact with the complainant, documents and
mails in time order, each kind from its own source. Another kind (incoming mail, say) is one
function that returns Entries and one line in SOURCES."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from .answers import Answer

# Kind -> label of its filter; the order of the filters on the page.
KINDS = {
    "stap": "Stappen",
    "notitie": "Opmerkingen",
    "contact": "Contact met de klager",
    "document": "Documenten",
    "mail": "Berichten",
    "mail_in": "Binnengekomen mail",
}
# Steps that the notes and documents sources already show in full.
SHOWN_ELSEWHERE = ("Opmerking toegevoegd", "Contact met de klager vastgelegd", "Document toegevoegd")


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # a key of KINDS
    title: str
    by: str
    text: str = ""
    details: list[Answer] = field(default_factory=list)  # shown folded: what a form recorded
    document_id: int | None = None
    size: int | None = None  # of a document, in bytes


@dataclass(frozen=True)
class CaseSources:
    """What the sources read: the engine, the case (complaint_view) and who is looking."""

    engine: object
    case: object
    viewer: str
    names: dict
    incoming: Callable[[str], list] = lambda reference: []  # mails filed with the case (mail in)


def steps(src: CaseSources) -> list[Entry]:
    return [
        Entry(step.at, "stap", step.title, step.by, details=step.answers)
        for step in src.case.steps
        if step.title not in SHOWN_ELSEWHERE
    ]


def notes(src: CaseSources) -> list[Entry]:
    found = src.engine.case_notes(src.case.complaint.reference, viewer=src.viewer)
    return [_note(note) for note in found]


def _note(note) -> Entry:
    if note.kind != "contact":
        return Entry(note.at, "notitie", "Opmerking", note.author_name, note.text)
    title = f"Contact via {note.channel}: {note.outcome}"
    return Entry(note.contacted_at or note.at, "contact", title, note.author_name, note.text)


def documents(src: CaseSources) -> list[Entry]:
    found = src.engine.documents(src.case.complaint.reference, src.viewer)
    return [
        Entry(
            d.uploaded_at,
            "document",
            "Verwijderd document" if d.erased else f"Document: {d.filename}",
            src.names.get(d.uploaded_by, d.uploaded_by),
            document_id=None if d.erased else d.id,
            size=None if d.erased else d.size,
        )
        for d in found
    ]


def mails(src: CaseSources) -> list[Entry]:
    """Subject and recipient only: a mail's body may carry a personal link."""
    found = src.engine.outbox(reference=src.case.complaint.reference)
    return [
        Entry(m.sent_at or m.created_at, "mail", f"Bericht: {m.subject}", f"aan {m.to}", _mail_state(m))
        for m in found
    ]


def incoming_mails(src: CaseSources) -> list[Entry]:
    """Mail the complainant sent about the case, as text (HTML mail was converted when stored)."""
    return [
        Entry(m.received_at, "mail_in", f"Mail ontvangen: {m.subject}", m.sender_name or m.sender, m.text)
        for m in src.incoming(src.case.complaint.reference)
    ]


def _mail_state(mail) -> str:
    return "Verstuurd." if mail.sent_at else "Staat klaar om te versturen."


SOURCES: dict[str, Callable[[CaseSources], list[Entry]]] = {
    "stap": steps,
    "notitie": notes,
    "contact": notes,
    "document": documents,
    "mail": mails,
    "mail_in": incoming_mails,
}


def timeline(src: CaseSources, kinds: set[str]) -> list[Entry]:
    """The entries of the chosen kinds, oldest first; each source is read once."""
    entries, read = [], set()
    for kind in KINDS:
        source = SOURCES[kind]
        if kind in kinds and source not in read:
            read.add(source)
            entries.extend(entry for entry in source(src) if entry.kind in kinds)
    return sorted(entries, key=lambda entry: entry.at)


def chosen_kinds(args) -> set[str]:
    """The kinds ticked in the filter form; all of them when none is."""
    chosen = {kind for kind in args.getlist("toon") if kind in KINDS}
    return chosen or set(KINDS)
