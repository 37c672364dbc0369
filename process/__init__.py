"""Everything that belongs to this organisation's complaint procedure (PROCEDURE.md): its roles,
forms, working-day calendar, the functions its diagram calls and the rules of its steps.

No Flask and no SQL here; the web app's composition root hands these to the engine.
"""

from pathlib import Path

from .calendar import WorkingDayCalendar
from .forms import FormCatalog
from .rules import COMPLETION_RULES, acting_refusal, barred, eligible_handlers
from .visibility import SEE_ALL_ROLES, viewers

DIAGRAM = Path(__file__).resolve().parent.parent / "klachtafhandeling.bpmn"
COMPLAINT_PROCESS = "klachtafhandeling"
QUARTERLY_PROCESS = "kwartaalrapportage"
TIMEZONE = "Europe/Amsterdam"

ROLES = {
    "klager": "klager",
    "contactpersoon": "contactpersoon",
    "relatiemanager": "relatiemanager",
    "afhandelaar": "klacht-afhandelaar",
    "procesbeheerder": "procesbeheerder",
    "auditor": "auditor",
    "beheerder": "beheerder",
}
STAFF_ROLES = tuple(role for role in ROLES if role != "klager")

# Staff record the complainant's answers when given in person or by phone.
ON_BEHALF_OF = {"klager": ("contactpersoon", "relatiemanager")}
CANCEL_ROLES = ("relatiemanager",)
# The relationship manager may hand a complaint to another handler (the assignment's rules apply).
REASSIGN_ROLES = ("relatiemanager",)
HANDOVER_FIELD, HANDOVER_FORM = "handler", "toewijzing"
CASE_ROLES = ("contactpersoon", "relatiemanager", "afhandelaar")
REGISTERING_ROLES = ("contactpersoon", "relatiemanager")
PUBLIC_ROLE = "klager"
SUMMARY_FIELDS = ("complainant_name", "category")
# Case fields staff search in besides the reference (the complaints list and the audit search).
SEARCH_FIELDS = ("complainant_name", "complainant_email", "description", "handler_name")
REFERENCE_PREFIXES = {COMPLAINT_PROCESS: "KL", QUARTERLY_PROCESS: "KW"}


def diagram_functions(calendar: WorkingDayCalendar) -> dict:
    """The functions the diagram's expressions may call."""
    return {
        "add_working_days": calendar.add_working_days,
        "term_end": calendar.term_end,
        "next_quarter_start": calendar.next_quarter_start,
        "previous_quarter": calendar.previous_quarter,
    }


__all__ = [
    "COMPLETION_RULES",
    "acting_refusal",
    "barred",
    "SEE_ALL_ROLES",
    "eligible_handlers",
    "viewers",
    "FormCatalog",
    "WorkingDayCalendar",
    "diagram_functions",
]
