"""A complaint's history as the steps people read: what happened, when, by whom, with what."""

from dataclasses import dataclass
from datetime import datetime

from .answers import Answer, answers
from .complaint_forms import REGISTRATION_FORM

SYSTEM, COMPLAINANT = "systeem", "klager"
TITLES = {
    "started": "Klacht geregistreerd",
    "closed": "Klacht afgesloten",
    "cancelled": "Klacht ingetrokken",
    "task_claimed": "Taak opgepakt: {title}",
    "task_released": "Taak vrijgegeven: {title}",
    "task_cancelled": "Taak vervallen: {title}",
    "timer_fired": "Termijn verstreken: {title}",
    "message_sent": "Bericht verstuurd: {message}",
    "comment_added": "Opmerking toegevoegd",
    "contact_added": "Contact met de klager vastgelegd",
    "document_added": "Document toegevoegd",
    "mail_received": "Mail ontvangen",
    "legal_hold_set": "Bewaarplicht vastgelegd",
    "legal_hold_lifted": "Bewaarplicht opgeheven",
    "link_resent": "Persoonlijke link opnieuw verstuurd: {title}",
    "pseudonymised": "Persoonsgegevens verwijderd",
    "migrated": "Naar een andere procesversie gebracht: {title}",
    "task_completed": "{title}",
    "handler_reassigned": "Afhandelaar gewisseld",
    "follow_up_opened": "In het register van verbetermaatregelen gezet",
    "follow_up_done": "Verbetermaatregel afgerond",
}


@dataclass(frozen=True)
class StepDone:
    at: datetime
    title: str
    by: str
    answers: list[Answer]


def steps_done(engine, events, users: dict[str, str]) -> list[StepDone]:
    """The events worth reading, oldest first; `users` maps logins to names."""
    forms = _forms_of_tasks(engine, events)
    steps = []
    for event in events:
        if event.event not in TITLES:
            continue
        message = (event.details or {}).get("message", "")
        steps.append(
            StepDone(
                at=event.at,
                title=TITLES[event.event].format(title=event.title or "", message=message),
                by=_by(event, users),
                answers=_answers(engine, event, forms, users),
            )
        )
    return steps


def _answers(engine, event, forms, users) -> list[Answer]:
    """What was filled in: the task's form answers, or the registration of a new complaint."""
    form = {"task_completed": forms.get(event.task_id), "started": REGISTRATION_FORM}.get(event.event)
    if not form:
        return []
    return answers(engine.plugin.forms.schema(form), event.data_after or {}, names=users)


def _forms_of_tasks(engine, events) -> dict[str, str]:
    done = {e.task_id for e in events if e.event == "task_completed" and e.task_id}
    return {task_id: engine.task(task_id).form or "" for task_id in done}


def _by(event, users) -> str:
    if event.actor == SYSTEM:
        return "Automatisch"
    if event.actor == COMPLAINANT:
        return "De klager zelf"
    who = users.get(event.actor, event.actor)
    return f"{who}, namens de klager" if event.on_behalf_of == COMPLAINANT else who
