"""Every audit event of a complaint as a line people read: what, when, who (name and function),
which step, and the data entered with its previous values."""

from dataclasses import dataclass
from datetime import datetime

from process.report_measures import ESCALATION_TIMERS

from .answers import readable
from .dutch_time import moment_text

SYSTEM, COMPLAINANT = "systeem", "klager"
# Put there by the engine, not entered by anyone.
SEEDED = ("reference", "started_at")
EXTRA_LABELS = {"handler_name": "Naam klacht-afhandelaar", "handler_function": "Functie klacht-afhandelaar"}
TITLES = {
    "started": ("stap", "Klacht geregistreerd"),
    "task_created": ("taak", "Nieuwe taak: {title}"),
    "task_completed": ("stap", "Afgerond: {title}"),
    "task_claimed": ("taak", "Taak opgepakt: {title}"),
    "task_released": ("taak", "Taak vrijgegeven: {title}"),
    "task_cancelled": ("taak", "Taak vervallen: {title}"),
    "step_completed": ("stap", "Automatische stap: {title}"),
    "timer_fired": ("termijn", "Termijn verstreken: {title}"),
    "message_sent": ("bericht", "Bericht verstuurd: {message}"),
    "closed": ("stap", "Klacht afgesloten"),
    "cancelled": ("stap", "Klacht ingetrokken"),
    "comment_added": ("dossier", "Opmerking in het dossier"),
    "contact_added": ("dossier", "Contact met de klager vastgelegd"),
    "viewed": ("inzage", "Klacht ingezien"),
    "document_added": ("dossier", "Document toegevoegd"),
    "mail_received": ("dossier", "Mail ontvangen"),
    "migrated": ("stap", "Naar een andere procesversie gebracht: {title}"),
    "legal_hold_set": ("dossier", "Bewaarplicht vastgelegd"),
    "legal_hold_lifted": ("dossier", "Bewaarplicht opgeheven"),
    "subject_access": ("inzage", "Inzageverzoek: gegevens uitgevoerd"),
    "link_resent": ("bericht", "Persoonlijke link opnieuw verstuurd: {title}"),
    "pseudonymised": ("dossier", "Persoonsgegevens verwijderd"),
    "handler_reassigned": ("stap", "Afhandelaar gewisseld"),
    "follow_up_opened": ("stap", "In het register van verbetermaatregelen gezet"),
    "follow_up_done": ("stap", "Verbetermaatregel afgerond"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: there was no earlier value
    after: str


@dataclass(frozen=True)
class TimelineItem:
    id: int
    at: datetime
    kind: str  # stap, taak, termijn, escalatie, bericht, dossier, inzage, overig
    title: str
    step: str | None  # BPMN id of the diagram element
    who: str
    on_behalf: str | None
    changes: list[Change]
    notes: list[str]

    @property
    def replaces(self) -> bool:
        """Whether any value entered here replaced an earlier one."""
        return any(change.before is not None for change in self.changes)


def timeline(entries, people: dict, forms, roles: dict[str, str]) -> list[TimelineItem]:
    """`people` maps logins to the engine's UserView, `roles` role keys to their Dutch names."""
    return [_item(entry, people, forms, roles) for entry in entries]


def _item(entry, people, forms, roles) -> TimelineItem:
    details = entry.details or {}
    kind, title = TITLES.get(entry.event, ("overig", entry.event.replace("_", " ").capitalize()))
    if entry.event == "timer_fired" and entry.bpmn_id in ESCALATION_TIMERS:
        kind, title = "escalatie", "Termijn verstreken, escalatie: {title}"
    behalf = entry.on_behalf_of
    return TimelineItem(
        id=entry.id,
        at=entry.at,
        kind=kind,
        title=title.format(title=entry.title or entry.bpmn_id or "", message=details.get("message", "")),
        step=entry.bpmn_id,
        who=who(entry.actor, people),
        on_behalf=f"namens de {roles.get(behalf, behalf)}" if behalf else None,
        changes=changes(entry, forms, people),
        notes=_notes(entry.event, details, people, roles),
    )


def who(login: str, people: dict) -> str:
    if login == SYSTEM:
        return "Automatisch (het systeem)"
    if login == COMPLAINANT:
        return "De klager zelf (persoonlijke link)"
    person = people.get(login)
    if person is None:
        return login
    return f"{person.name}, {person.function}" if person.function else person.name


def changes(entry, forms, people) -> list[Change]:
    """The data entered at this event, each with the value it replaced."""
    schema = (forms.schema(entry.form) if entry.form else None) or {}
    fields = schema.get("properties", {})
    before = entry.data_before or {}
    names = {login: person.name for login, person in people.items()}
    shown = []
    for name, value in (entry.data_after or {}).items():
        if name in SEEDED:
            continue
        prop = fields.get(name, {})
        label = prop.get("title") or EXTRA_LABELS.get(name, name)
        old = before.get(name)
        shown.append(
            Change(
                label=label,
                before=None if old in (None, "") or old == value else shown_value(prop, old, names),
                after=shown_value(prop, value, names),
            )
        )
    return shown


def shown_value(prop, value, names) -> str:
    """A recorded value as people read it; `names` maps logins to names."""
    if prop.get("x-widget") == "user-select":
        return names.get(value, str(value))
    return readable(prop, value)


def _notes(event, details, people, roles) -> list[str]:
    notes = []
    if details.get("due"):
        moment = moment_text(datetime.fromisoformat(details["due"]))
        notes.append(f"Termijn tot {moment}" if event == "task_created" else f"De termijn liep tot {moment}")
    if details.get("role"):
        notes.append(f"Voor de rol {roles.get(details['role'], details['role'])}")
    if details.get("assignee"):
        notes.append(f"Toegewezen aan {who(details['assignee'], people)}")
    if details.get("reason"):
        notes.append(f"Reden: {details['reason']}")
    if details.get("text"):
        notes.append(details["text"])
    if details.get("page"):
        notes.append(f"Pagina: {details['page']}")
    return notes
