"""What the privacy pages show: retention terms per category, each complaint's retention end and
legal hold, and the processing register generated from the form definitions."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from process.privacy import register

from .complaint_forms import PROCESS, STATUS_LABELS, categories
from .form_data import whole_number

OTHER = "default"  # the retention key for every category without a term of its own
OTHER_LABEL = "Alle andere categorieën"
BAD_DAYS = "Geef een heel aantal dagen, van 1 tot 36500."


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    days: str  # as typed, so a wrong value is shown back
    error: str | None = None


@dataclass(frozen=True)
class Kept:
    """A complaint as the privacy officer sees it: no personal data, only what retention needs."""

    reference: str
    status: str
    category: str
    started_at: datetime
    closed_at: datetime | None
    keep_until: datetime | None  # None while the complaint is open
    expired: bool
    hold: str | None
    pseudonymised_at: datetime | None


@dataclass(frozen=True)
class RegisterEntry:
    field: str
    title: str
    purpose: str
    form: str


def terms(engine, typed: dict | None = None, errors: dict | None = None) -> list[Term]:
    """The retention terms form: stored values, or what was typed with its errors."""
    labels = {**categories(engine.plugin.forms), OTHER: OTHER_LABEL}
    current = engine.retention_terms()
    typed, errors = typed or {}, errors or {}
    return [
        Term(key, labels.get(key, key), typed.get(key, str(current[key])), errors.get(key))
        for key in sorted(current, key=lambda k: k == OTHER)
    ]


def typed_terms(form, keys) -> tuple[dict, dict, dict]:
    """The sent form as (typed text, days for the engine, errors) per category key."""
    typed = {key: form.get(f"term-{key}", "").strip() for key in keys}
    numbers = {key: whole_number(text) for key, text in typed.items()}
    days = {key: number for key, number in numbers.items() if number and number <= 36500}
    errors = {key: BAD_DAYS for key in keys if key not in days}
    return typed, days, errors


@dataclass(frozen=True)
class Person:
    """One person a search found: their e-mail address (the identity) and their complaints."""

    email: str
    names: list[str]
    complaints: list  # Kept rows

    @property
    def references(self) -> list[str]:
        return [row.reference for row in self.complaints]


def people(engine, matches) -> list[Person]:
    """The matches of a privacy search grouped per e-mail address: namesakes stay apart."""
    groups: dict[str, list] = {}
    for match in matches:
        groups.setdefault(match.email.strip().lower(), []).append(match)
    rows = {row.reference: row for row in kept(engine, [m.reference for m in matches])}
    return [
        Person(email, sorted({m.name for m in group}), [rows[m.reference] for m in group])
        for email, group in groups.items()
    ]


def kept(engine, references=None) -> list[Kept]:
    """The closed complaints (or those with these references) with their retention end and hold."""
    retention = engine.retention_terms()
    labels = categories(engine.plugin.forms)
    now = engine.clock.now()
    if references is None:
        found = [c for c in engine.instances(PROCESS) if c.closed_at is not None]
    else:
        found = [engine.instance(reference) for reference in references]
    rows = []
    for complaint in found:
        hold, pseudonymised_at = _privacy_state(engine.history(complaint.reference))
        until = complaint.closed_at and complaint.closed_at + timedelta(
            days=engine.plugin.retention_days(complaint.data, retention)
        )
        category = complaint.data.get("category")
        rows.append(
            Kept(
                reference=complaint.reference,
                status=STATUS_LABELS.get(complaint.status, complaint.status),
                category=labels.get(category, category or "–"),
                started_at=complaint.started_at,
                closed_at=complaint.closed_at,
                keep_until=until,
                expired=bool(until and until < now),
                hold=hold,
                pseudonymised_at=pseudonymised_at,
            )
        )
    return rows


def register_entries(engine) -> list[RegisterEntry]:
    """The processing register: every personal data field of every form, with its purpose."""
    forms = engine.plugin.forms
    return [
        RegisterEntry(
            field=name,
            title=schema.get("title", name),
            purpose=schema.get("x-purpose", "(geen doel opgegeven)"),
            form=forms.schema(schema["form"]).get("title", schema["form"]),
        )
        for name, schema in register(forms)
    ]


def _privacy_state(events) -> tuple[str | None, datetime | None]:
    """The current legal hold (its reason) and when the complaint was pseudonymised, from its history."""
    hold = pseudonymised_at = None
    for event in events:
        if event.event == "legal_hold_set":
            hold = (event.details or {}).get("reason") or "(geen reden)"
        elif event.event == "legal_hold_lifted":
            hold = None
        elif event.event == "pseudonymised":
            pseudonymised_at = event.at
    return hold, pseudonymised_at
