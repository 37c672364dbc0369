"""Dutch working-day calendar for complaint-handling terms (werkdagen)."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
END_OF_DAY = time(23, 59, 59)
MAX_TERM_DAYS = 1_000  # about four years

Moment = datetime | date | str


@cache
def legal_holidays(year: int) -> frozenset[date]:
    """Return the Algemene termijnenwet holidays of a year (art. 3, incl. Good Friday)."""
    # "optional" adds Good Friday and Liberation Day in non-lustrum years.
    found = set(holidays.NL(categories=("public", "optional"), years=year))
    # The package also lists Easter Sunday and Whit Sunday; the law does not name them.
    easter_sunday = easter(year)
    found -= {easter_sunday, easter_sunday + timedelta(days=49)}
    # Liberation Day counts every year (art. 3(1) "de vijfde mei"), whatever the package version.
    found.add(date(year, 5, 5))
    return frozenset(found)


def local_date(moment: Moment) -> date:
    """Return the Europe/Amsterdam calendar date of an aware datetime, date or ISO-8601 string."""
    if isinstance(moment, str):
        text = moment.strip()
        moment = date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"naive datetime is ambiguous, give a timezone: {moment!r}")
        return moment.astimezone(AMSTERDAM).date()
    if isinstance(moment, date):
        return moment
    raise TypeError(f"expected datetime, date or ISO-8601 string, got {type(moment).__name__}")


def end_of_day(day: date) -> datetime:
    """Return 23:59:59 Europe/Amsterdam on the given day."""
    return datetime.combine(day, END_OF_DAY, tzinfo=AMSTERDAM)


def quarter_label(day: date) -> str:
    """Return the quarter of a date as e.g. "2026Q3"."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


class WorkingDayCalendar:
    """Monday-Friday minus the Dutch legal holidays (Algemene termijnenwet) and the
    organisation's closing days."""

    def __init__(self, closing_days: Iterable[date] = ()):
        self.closing_days = frozenset(local_date(day) for day in closing_days)

    def is_working_day(self, day: Moment) -> bool:
        """Return whether the (local) day is a working day."""
        day = local_date(day)
        return day.weekday() < 5 and day not in legal_holidays(day.year) and day not in self.closing_days

    def add_working_days(self, moment: Moment, n: int) -> datetime:
        """Return the end of the n-th working day after the moment's local date (n=0: term_end)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"n must be a non-negative int, got {n!r}")
        if n > MAX_TERM_DAYS:
            # A diagram chooses n; a term of decades would build holidays for every year on the way.
            raise ValueError(f"een termijn van meer dan {MAX_TERM_DAYS} werkdagen is niet toegestaan")
        day = local_date(moment)
        if n == 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
        for _ in range(n):
            day += timedelta(days=1)
            while not self.is_working_day(day):
                day += timedelta(days=1)
        return end_of_day(day)

    def term_end(self, day: Moment) -> datetime:
        """Return the end of the day, extended to the next working day if needed (Atw art. 1)."""
        return self.add_working_days(day, 0)

    def next_quarter_start(self, moment: Moment) -> datetime:
        """Return 00:00 Europe/Amsterdam of the first quarter starting strictly after the moment."""
        # Quarters start at local midnight, so only the local date matters.
        day = local_date(moment)
        if day.month >= 10:
            return datetime(day.year + 1, 1, 1, tzinfo=AMSTERDAM)
        return datetime(day.year, (day.month - 1) // 3 * 3 + 4, 1, tzinfo=AMSTERDAM)

    def previous_quarter(self, moment: Moment) -> str:
        """Return the label of the quarter before the one containing the moment, e.g. "2026Q3"."""
        day = local_date(moment)
        first_of_quarter = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return quarter_label(first_of_quarter - timedelta(days=1))

    def working_days_between(self, start: Moment, end: Moment) -> int:
        """Count working days d with start's local date < d <= end's local date."""
        day, last = local_date(start), local_date(end)
        count = 0
        while day < last:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


DEFAULT = WorkingDayCalendar()


def add_working_days(moment: Moment, n: int) -> datetime:
    """Add n working days with the default calendar (no closing days)."""
    return DEFAULT.add_working_days(moment, n)
