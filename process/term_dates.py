"""Dates entered as terms: never before today (on the engine's clock), never beyond a sane
horizon. A term on a non-working day is accepted and moved: the stored term is the working day it
becomes (the date entered is kept beside it as `<field>_entered`), so every page, mail and timer
shows the day the term really ends."""

from datetime import date, timedelta

from .calendar import AMSTERDAM, WorkingDayCalendar

HORIZON = timedelta(days=2 * 366)  # a corrective action or an agreement, not a wish for 2099
TERM_FIELDS = {
    "contact": ("agreed_term",),
    "rapportage": ("procedure_change_term",),
    "procedurewijziging": ("procedure_change_term",),
}


def term_rules(now, calendar: WorkingDayCalendar | None = None) -> dict:
    """Completion rules per form for its term fields; `now()` is the engine's clock."""
    calendar = calendar or WorkingDayCalendar()
    return {form: _TermCheck(fields, now, calendar) for form, fields in TERM_FIELDS.items()}


class _TermCheck:
    def __init__(self, fields, now, calendar):
        self.fields, self.now, self.calendar = fields, now, calendar

    def __call__(self, data: dict, case: dict, find_user) -> tuple[dict, dict]:
        today = self.now().astimezone(AMSTERDAM).date()
        errors, moved = {}, {}
        for name in self.fields:
            if isinstance(data.get(name), str):
                day = date.fromisoformat(data[name])
                problem = term_problem(day, today)
                if problem:
                    errors[name] = problem
                elif (working_day := next_working_day(day, self.calendar)) != day:
                    moved |= {name: working_day.isoformat(), f"{name}_entered": data[name]}
        return errors, ({} if errors else moved)


def next_working_day(day: date, calendar: WorkingDayCalendar) -> date:
    """The day itself when it is a working day, else the first working day after it."""
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def term_problem(day: date, today: date) -> str | None:
    if day < today:
        return f"Een termijn kan niet in het verleden liggen (vandaag is het {today:%d-%m-%Y})."
    if day > today + HORIZON:
        return f"Kies een termijn binnen twee jaar (uiterlijk {today + HORIZON:%d-%m-%Y})."
    return None
