"""The period a report covers: a quarter ("2026Q4") or any range of days ("2026-01-01..2026-03-31"),
and the period of equal kind before it, for the comparison."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .calendar import AMSTERDAM

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    is_quarter: bool

    @property
    def label(self) -> str:
        if self.is_quarter:
            return f"{self.first.year}Q{(self.first.month - 1) // 3 + 1}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    @property
    def start(self) -> datetime:
        """00:00 Europe/Amsterdam on the first day."""
        return datetime.combine(self.first, datetime.min.time(), tzinfo=AMSTERDAM)

    @property
    def end(self) -> datetime:
        """00:00 Europe/Amsterdam on the day after the last day (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), datetime.min.time(), tzinfo=AMSTERDAM)

    def previous(self) -> "Period":
        """The quarter before a quarter; before a range, the range of as many days ending the day before."""
        if self.is_quarter:
            return quarter(self.first - timedelta(days=1))
        days = self.last - self.first
        last = self.first - timedelta(days=1)
        return Period(last - days, last, False)


def quarter(day: date) -> Period:
    """The quarter containing a day."""
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    after = date(first.year + 1, 1, 1) if first.month == 10 else date(first.year, first.month + 3, 1)
    return Period(first, after - timedelta(days=1), True)


def parse_period(text: str) -> Period:
    """A period from "2026Q4" or "2026-01-01..2026-03-31"; ValueError with a Dutch message."""
    text = (text or "").strip()
    found = _QUARTER.match(text)
    if found:
        year, number = int(found.group(1)), int(found.group(2))
        _require_sensible(year, year, text)
        return quarter(date(year, number * 3, 1))
    first, dots, last = text.partition("..")
    if not dots:
        raise ValueError(_explain(text))
    try:
        first_day, last_day = date.fromisoformat(first.strip()), date.fromisoformat(last.strip())
    except ValueError:
        raise ValueError(_explain(text)) from None
    if last_day < first_day:
        raise ValueError(f"Periode '{text}': de einddatum ligt voor de begindatum.")
    _require_sensible(first_day.year, last_day.year, text)
    whole = quarter(first_day)
    return whole if (whole.first, whole.last) == (first_day, last_day) else Period(first_day, last_day, False)


def _require_sensible(first_year: int, last_year: int, text: str) -> None:
    # Reports compare with the period before, so the calendar's very ends are out of reach.
    if first_year < 1900 or last_year > 2999:
        raise ValueError(f"Periode '{text}': kies een periode tussen 1900 en 2999.")


def _explain(text: str) -> str:
    return (
        f"Periode '{text}' is onbekend. Geef een kwartaal, bijvoorbeeld 2026Q4, "
        "of een reeks dagen, bijvoorbeeld 2026-01-01..2026-03-31."
    )
