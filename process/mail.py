"""Which mails the procedure sends on which notice, and what they say (Dutch, Jinja2 templates)."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .calendar import AMSTERDAM

TEMPLATES = Path(__file__).parent / "templates" / "mail"
STAFF_ROLES = ("contactpersoon", "relatiemanager", "afhandelaar")


@dataclass(frozen=True)
class Letter:
    """One kind of mail: its template, its subject and to whom it goes."""

    template: str
    subject: str
    to: str  # "complainant", "handler", "previous_handler", "managers", "assignee" or "staff"
    when: str | None = None  # only when the case has this field set (e.g. a term agreed)


LETTERS = {
    ("message", "ontvangstbevestiging"): [
        Letter("ontvangstbevestiging", "Ontvangstbevestiging van uw klacht {ref}", "complainant")
    ],
    ("message", "afsluitbevestiging"): [Letter("afsluiting", "Uw klacht {ref} is afgesloten", "complainant")],
    ("message", "conclusies"): [Letter("conclusies", "Conclusies klachtenanalyse {quarter}", "staff")],
    ("task_created", "akkoord_klager"): [Letter("akkoord", "Controleer uw klacht {ref}", "complainant")],
    ("task_created", "tevredenheid_controleren"): [
        Letter("tevredenheid", "Is uw klacht {ref} naar tevredenheid opgelost?", "complainant")
    ],
    ("task_created", "afhandeling_rapporteren"): [
        Letter(
            "afspraak", "Afspraak over de afhandeling van uw klacht {ref}", "complainant", when="agreed_term"
        )
    ],
    ("task_created", "contact_opnemen"): [Letter("toewijzing", "Klacht {ref} aan u toegewezen", "assignee")],
    ("task_created", "escalatie_contact"): [
        Letter("escalatie", "Escalatie klacht {ref}: geen contact binnen 2 werkdagen", "managers"),
        Letter("herinnering", "Herinnering klacht {ref}: neem contact op met de klager", "handler"),
    ],
    ("task_created", "escalatie_tevredenheid"): [
        Letter("escalatie", "Escalatie klacht {ref}: tevredenheidscheck niet binnen 5 werkdagen", "managers"),
    ],
    ("task_created", "escalatie_heroplossing"): [
        Letter("escalatie", "Escalatie klacht {ref}: niet binnen 2 werkdagen alsnog opgelost", "managers"),
        Letter("herinnering", "Herinnering klacht {ref}: los de klacht alsnog op", "handler"),
    ],
    ("task_created", "escalatie_afspraak"): [
        Letter("escalatie", "Escalatie klacht {ref}: afgesproken termijn niet gehaald", "managers"),
        Letter("herinnering", "Herinnering klacht {ref}: rapporteer de afhandeling", "handler"),
    ],
    ("task_created", "procedurewijziging_opvolgen"): [
        Letter("procedurewijziging", "Klacht {ref}: termijn procedurewijziging bereikt", "assignee")
    ],
    ("reassigned", "handler"): [
        Letter("overdracht", "Klacht {ref} is aan u overgedragen", "handler"),
        Letter("overdracht_vorige", "Klacht {ref} is overgedragen aan een collega", "previous_handler"),
    ],
    ("task_created", "opnieuw_oplossen"): [
        Letter("heroplossing", "Klacht {ref}: klager niet tevreden, los de klacht alsnog op", "assignee")
    ],
    ("task_created", "analyse_opstellen"): [
        Letter("analyse", "Kwartaalrapportage {quarter}: analyse gevraagd", "managers")
    ],
}


class Notifier:
    """The plugin's `notify`: mails for a notice, as plain dicts for the engine's outbox."""

    def __init__(self, links, organisation: str = "Exactpi", link_days: int = 14):
        self.links = links
        self.organisation = organisation
        self.link_days = link_days
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,
        )
        self.layout = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True).get_template(
            "layout.html"
        )

    def __call__(self, notice) -> list[dict]:
        mails = []
        for letter in LETTERS.get((notice.kind, notice.name), []):
            if letter.when and not notice.case.get(letter.when):
                continue
            for recipient in self._recipients(letter.to, notice):
                if recipient.get("email"):
                    mails.append(self._mail(letter, notice, recipient))
        return mails

    def _recipients(self, to, notice) -> list[dict]:
        case, directory = notice.case, notice.directory
        if to == "complainant":
            return [{"name": case.get("complainant_name", ""), "email": case.get("complainant_email")}]
        if to == "assignee":
            return [directory.user(notice.task.assignee)] if notice.task and notice.task.assignee else []
        if to == "handler":
            return [directory.user(case["handler"])] if case.get("handler") else []
        if to == "previous_handler":
            previous = (notice.payload or {}).get("previous")
            return [directory.user(previous)] if previous else []
        roles = ("relatiemanager",) if to == "managers" else STAFF_ROLES
        found = {user["login"]: user for role in roles for user in directory.with_role(role)}
        return list(found.values())

    def _mail(self, letter, notice, recipient) -> dict:
        managers = notice.directory.with_role("relatiemanager")
        context = {
            "day": _day,
            "case": _Case(notice.case),
            "reference": notice.reference,
            "recipient": recipient,
            "task": notice.task,
            "due": _when(notice.task.due) if notice.task and notice.task.due else "",
            "manager": managers[0] if managers else None,
            "organisation": self.organisation,
            "link": self.links.task_url(notice.task.id, notice.task.form) if notice.task else "",
            "link_days": self.link_days,
            "status_url": self.links.status_url(notice.reference),
            "payload": notice.payload or {},
        }
        text = self.env.get_template(f"{letter.template}.txt").render(context)
        subject = letter.subject.format(ref=notice.reference, quarter=notice.case.get("quarter", ""))
        paragraphs = [block.strip().splitlines() for block in text.split("\n\n") if block.strip()]
        html = self.layout.render(subject=subject, paragraphs=paragraphs)
        return {
            "to": recipient["email"],
            "subject": subject,
            "text": text,
            "html": html,
            "kind": letter.template,
        }


class _Case(dict):
    """Case data in a template: a missing field reads as empty, never as an error."""

    def __getattr__(self, name):
        return self.get(name) or ""


def _day(iso_date: str) -> str:
    """An ISO date of the case data as the Dutch read it: 01-12-2026."""
    return date.fromisoformat(iso_date).strftime("%d-%m-%Y") if iso_date else ""


def _when(moment) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
