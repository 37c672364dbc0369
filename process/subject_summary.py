"""The readable half of a subject-access export: one Dutch HTML document beside the JSON, so the
person can read what is kept about them without a programmer (issue 15.8)."""

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from .calendar import AMSTERDAM
from .forms import FormCatalog

FILENAME = "overzicht.html"
STATUS = {"open": "In behandeling", "closed": "Afgesloten", "cancelled": "Ingetrokken"}
EVENTS = {
    "started": "Klacht geregistreerd",
    "task_completed": "Stap afgerond",
    "timer_fired": "Termijn verstreken",
    "message_sent": "Bericht verstuurd",
    "comment_added": "Notitie in het dossier",
    "contact_added": "Contact vastgelegd",
    "document_added": "Document toegevoegd",
    "closed": "Klacht afgesloten",
    "cancelled": "Klacht ingetrokken",
}
# Internal case data that says nothing about the person (ids, logins of staff).
INTERNAL = {"reference", "started_at", "service_employee", "handler", "quarter"}


class SubjectSummary:
    """The plugin's `subject_summary`: (exports, organisation, now) -> (file name, HTML bytes)."""

    def __init__(self, forms: FormCatalog, organisation: str = "Exactpi"):
        self.titles = _titles(forms)
        self.organisation = organisation

    def __call__(self, exports: list[dict], now) -> tuple[str, bytes]:
        complaints = [self._complaint(export) for export in exports]
        html = _template().render(complaints=complaints, organisation=self.organisation, made=_when(now))
        return FILENAME, html.encode("utf-8")

    def _complaint(self, export: dict) -> dict:
        data = export.get("data") or {}
        return {
            "reference": export["reference"],
            "status": STATUS.get(export.get("status"), export.get("status")),
            "started": _when(export.get("started_at")),
            "closed": _when(export.get("closed_at")),
            "answers": [
                (self.titles.get(key, key), _text(value))
                for key, value in data.items()
                if key not in INTERNAL and value not in (None, "", [], {})
            ],
            "notes": [(_when(n["at"]), n.get("text") or "") for n in export.get("notes", [])],
            "mails": [(_when(m["at"]), m.get("subject") or "") for m in export.get("mails", [])],
            "history": [
                (_when(e.get("at")), EVENTS[e["event"]] + (f": {e['title']}" if e.get("title") else ""))
                for e in export.get("history", [])
                if e.get("event") in EVENTS
            ],
        }


def _titles(forms: FormCatalog) -> dict[str, str]:
    titles = {}
    for key in forms.keys():
        for field, prop in forms.schema(key).get("properties", {}).items():
            titles.setdefault(field, prop.get("title") or field)
    return titles


def _text(value) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _when(moment) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M") if moment else ""


@cache
def _template():
    env = Environment(
        loader=PackageLoader("process", "templates/privacy"), autoescape=select_autoescape(default=True)
    )
    return env.get_template("overzicht.html")
