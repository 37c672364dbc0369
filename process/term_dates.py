"""Dates entered as terms: never before today (on the engine's clock), never beyond a sane
horizon. A term on a non-working day is kept; it ends on the next working day (the calendar)."""

from datetime import date, timedelta

from .calendar import AMSTERDAM

HORIZON = timedelta(days=2 * 366)  # a corrective action or an agreement, not a wish for 2099
TERM_FIELDS = {
    "contact": ("agreed_term",),
    "rapportage": ("procedure_change_term",),
    "procedurewijziging": ("procedure_change_term",),
}


def term_rules(now) -> dict:
    """Completion rules per form for its term fields; `now()` is the engine's clock."""
    return {form: _TermCheck(fields, now) for form, fields in TERM_FIELDS.items()}


class _TermCheck:
    def __init__(self, fields, now):
        self.fields, self.now = fields, now

    def __call__(self, data: dict, case: dict, find_user) -> tuple[dict, dict]:
        today = self.now().astimezone(AMSTERDAM).date()
        errors = {}
        for name in self.fields:
            if isinstance(data.get(name), str):
                problem = term_problem(date.fromisoformat(data[name]), today)
                if problem:
                    errors[name] = problem
        return errors, {}


def term_problem(day: date, today: date) -> str | None:
    if day < today:
        return f"Een termijn kan niet in het verleden liggen (vandaag is het {today:%d-%m-%Y})."
    if day > today + HORIZON:
        return f"Kies een termijn binnen twee jaar (uiterlijk {today + HORIZON:%d-%m-%Y})."
    return None
