"""The main menu: which pages a user's roles lead to. Add a page with one line in MENU."""

from flask import current_app, url_for
from flask_login import current_user

import process
from process.corrective_actions import DONE_ROLES, READER_ROLES
from process.inbound_mail import MAIL_DESK_ROLES

from . import reporting

# (label, endpoint, roles that see it; None = every signed-in user)
MENU = [
    ("Takenlijst", "inbox.index", process.CASE_ROLES),
    ("Klachten", "complaints.index", None),
    ("Nieuwe klacht", "complaints.new", process.REGISTERING_ROLES),
    ("Post", "mail_in.index", MAIL_DESK_ROLES),
    ("Rapportage", "reports.index", reporting.READERS),
    ("Maatregelen", "corrective_actions.index", (*DONE_ROLES, *READER_ROLES)),
    ("Audit", "audit.complaints", process.SEE_ALL_ROLES),
    ("Wachtrijen", "audit.waiting", (*process.SEE_ALL_ROLES, "procesbeheerder")),
    ("Procesbeheer", "modeler.editor", ("procesbeheerder",)),
    ("Mail", "outbox.index", ("beheerder",)),
    ("Privacy", "privacy.index", ("beheerder",)),
    ("Medewerkers", "staff.index", ("beheerder",)),
    ("API-tokens", "api_tokens.index", None),
]


# Where a role starts after logging in, first match wins; who works on cases starts at the inbox.
LANDING = [
    (process.CASE_ROLES, "inbox.index"),
    (("auditor",), "audit.complaints"),
    (("procesbeheerder",), "modeler.editor"),
    (("beheerder",), "outbox.index"),
]


def landing_page() -> str | None:
    """The start page of the signed-in user's roles, or None for the inbox."""
    for roles, endpoint in LANDING:
        if current_user.has_any(roles) and endpoint in current_app.view_functions:
            return None if endpoint == "inbox.index" else url_for(endpoint)
    return None


def init_app(app) -> None:
    app.context_processor(lambda: {"menu": menu_items})


def menu_items() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    return [
        (label, url_for(endpoint))
        for label, endpoint, roles in MENU
        if (roles is None or current_user.has_any(roles)) and endpoint in current_app.view_functions
    ]
