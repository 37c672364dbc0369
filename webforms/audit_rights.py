"""Who may use the auditor's pages (the engine records who read a sensitive complaint)."""

from flask import abort, url_for
from flask_login import current_user

import process

# They see every complaint (process/visibility.py), so they may read every complaint's history.
AUDITORS = process.SEE_ALL_ROLES
# Where complaints wait shows counts and times only, no complaint data: the process owner too.
WAIT_READERS = (*AUDITORS, "procesbeheerder")
PAGES = (
    ("audit.complaints", "Klachten", AUDITORS),
    ("audit.viewings", "Wie keek naar gevoelige klachten", AUDITORS),
    ("audit.waiting", "Waar klachten wachten", WAIT_READERS),
)


def require(roles) -> None:
    if not current_user.has_any(roles):
        abort(403)


def history_link(reference: str) -> str | None:
    """The history page of a complaint for users who may read it (for links on other pages)."""
    if current_user.is_authenticated and current_user.has_any(AUDITORS):
        return url_for("audit.history", reference=reference)
    return None


def audit_pages() -> list[tuple[str, str]]:
    """(endpoint, label) of the audit pages this user may open."""
    return [(endpoint, label) for endpoint, label, roles in PAGES if current_user.has_any(roles)]


def template_helpers() -> dict:
    return {"history_link": history_link, "audit_pages": audit_pages}
