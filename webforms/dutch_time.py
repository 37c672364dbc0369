"""Moments and dates as Dutch readers expect them, in the organisation's time zone."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import process

LOCAL = ZoneInfo(process.TIMEZONE)
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
# The days a form accepts: not the calendar's first and last, whose local moments can lie outside
# it in UTC (midnight of 1 January of year 1 in Amsterdam is still year 0 in UTC) and whose next
# day does not exist.
FIRST_DAY = date.min + timedelta(days=1)
LAST_DAY = date.max - timedelta(days=1)


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL)


def day_text(day: date | datetime | str | None) -> str:
    """'vrijdag 4 december 2026'."""
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    if isinstance(day, datetime):
        day = local(day).date()
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def moment_text(moment: datetime | None) -> str:
    """'4 december 2026, 14:30'."""
    if moment is None:
        return ""
    at = local(moment)
    return f"{at.day} {MONTHS[at.month - 1]} {at.year}, {at:%H:%M}"


def working_days_text(left: int | None) -> str:
    """How a term stands: 'nog 2 werkdagen', 'vandaag', '3 werkdagen te laat'."""
    if left is None:
        return ""
    if left == 0:
        return "laatste werkdag"
    if left > 0:
        return f"nog {left} werkdag" + ("" if left == 1 else "en")
    late = -left
    return f"{late} werkdag" + ("" if late == 1 else "en") + " te laat"


def input_value(moment: datetime) -> str:
    """A moment for <input type=datetime-local>."""
    return local(moment).strftime("%Y-%m-%dT%H:%M")


def from_input(text: str) -> datetime | None:
    """A <input type=datetime-local> value as an aware moment, or None when it is not one."""
    try:
        moment = datetime.fromisoformat(text.strip()).replace(tzinfo=LOCAL)
    except ValueError:
        return None
    return moment if FIRST_DAY <= moment.date() <= LAST_DAY else None


def day_from_input(text: str | None) -> date | None:
    """A <input type=date> value (YYYY-MM-DD), or None when it is not one."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def init_app(app) -> None:
    app.add_template_filter(day_text, "dag")
    app.add_template_filter(moment_text, "moment")
    app.add_template_filter(working_days_text, "werkdagen")
