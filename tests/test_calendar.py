"""Tests for the Dutch working-day calendar; expected values computed by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.easter import easter

from process.calendar import (
    AMSTERDAM,
    DEFAULT,
    WorkingDayCalendar,
    add_working_days,
    legal_holidays,
)

D = date.fromisoformat

# The Algemene termijnenwet holidays, listed by hand with weekdays.
HOLIDAYS = {
    2025: [
        "2025-01-01",  # Wed New Year's Day
        "2025-04-18",  # Fri Good Friday
        "2025-04-21",  # Mon Easter Monday
        "2025-04-26",  # Sat King's Day (27 Apr is a Sunday)
        "2025-05-05",  # Mon Liberation Day (lustrum)
        "2025-05-29",  # Thu Ascension Day
        "2025-06-09",  # Mon Whit Monday
        "2025-12-25",  # Thu Christmas Day
        "2025-12-26",  # Fri Boxing Day
    ],
    2026: [
        "2026-01-01",  # Thu
        "2026-04-03",  # Fri Good Friday
        "2026-04-06",  # Mon Easter Monday
        "2026-04-27",  # Mon King's Day
        "2026-05-05",  # Tue Liberation Day (not a lustrum year)
        "2026-05-14",  # Thu Ascension Day
        "2026-05-25",  # Mon Whit Monday
        "2026-12-25",  # Fri
        "2026-12-26",  # Sat
    ],
    2027: [
        "2027-01-01",  # Fri
        "2027-03-26",  # Fri Good Friday
        "2027-03-29",  # Mon Easter Monday
        "2027-04-27",  # Tue King's Day
        "2027-05-05",  # Wed Liberation Day
        "2027-05-06",  # Thu Ascension Day
        "2027-05-17",  # Mon Whit Monday
        "2027-12-25",  # Sat
        "2027-12-26",  # Sun
    ],
    2031: [
        "2031-01-01",  # Wed
        "2031-04-11",  # Fri Good Friday
        "2031-04-14",  # Mon Easter Monday
        "2031-04-26",  # Sat King's Day (27 Apr is a Sunday)
        "2031-05-05",  # Mon Liberation Day
        "2031-05-22",  # Thu Ascension Day
        "2031-06-02",  # Mon Whit Monday
        "2031-12-25",  # Thu
        "2031-12-26",  # Fri
    ],
}


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_legal_holidays_exact(year):
    assert legal_holidays(year) == {D(d) for d in HOLIDAYS[year]}


@pytest.mark.parametrize("year", range(2014, 2041))
def test_legal_holidays_rules(year):
    sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    expected = {
        date(year, 1, 1),
        sunday - timedelta(days=2),
        sunday + timedelta(days=1),
        kings_day,
        date(year, 5, 5),
        sunday + timedelta(days=39),
        sunday + timedelta(days=50),
        date(year, 12, 25),
        date(year, 12, 26),
    }
    assert legal_holidays(year) == expected


@pytest.mark.parametrize("day", [d for days in HOLIDAYS.values() for d in days])
def test_holidays_are_not_working_days(day):
    assert DEFAULT.is_working_day(D(day)) is False


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-04-05", False),  # Sun Easter Sunday
        ("2026-04-07", True),  # Tue after Easter Monday
        ("2026-04-28", True),  # Tue after King's Day
        ("2025-04-25", True),  # Fri before King's Day on Sat 26 Apr
        ("2025-04-28", True),  # Mon: King's Day is not moved to Monday
        ("2026-05-04", True),  # Mon before Liberation Day
        ("2026-05-15", True),  # Fri after Ascension (no bridge day)
        ("2026-12-28", True),  # Mon after Christmas
        ("2027-12-27", True),  # Mon: Christmas on a weekend is not moved
        ("2026-11-28", False),  # Sat
        ("2026-11-29", False),  # Sun
        ("2026-11-27", True),  # Fri
        ("2026-11-27T23:30:00+00:00", False),  # Sat 00:30 in Amsterdam
    ],
)
def test_is_working_day(day, expected):
    assert DEFAULT.is_working_day(day) is expected


@pytest.mark.parametrize(
    ("moment", "n", "expected"),
    [
        # Weekends
        ("2026-11-27", 2, "2026-12-01T23:59:59+01:00"),  # Fri + 2 -> Tue
        ("2026-11-28", 2, "2026-12-01T23:59:59+01:00"),  # Sat + 2 -> Tue
        ("2026-11-29", 1, "2026-11-30T23:59:59+01:00"),  # Sun + 1 -> Mon
        ("2026-11-25", 5, "2026-12-02T23:59:59+01:00"),  # Wed + 5 -> Wed
        # Turn of the year 2026/2027
        ("2026-12-24", 2, "2026-12-29T23:59:59+01:00"),  # Thu + 2 -> Tue (25, 26 hol, 27 Sun)
        ("2026-12-24", 5, "2027-01-04T23:59:59+01:00"),  # Thu + 5 -> Mon (1 Jan hol)
        ("2026-12-30", 2, "2027-01-04T23:59:59+01:00"),  # Wed + 2 -> Mon (Thu 31 = 1st)
        ("2026-12-31", 1, "2027-01-04T23:59:59+01:00"),  # Thu + 1 -> Mon
        # Turn of the year 2027/2028: Christmas and New Year on weekends
        ("2027-12-24", 1, "2027-12-27T23:59:59+01:00"),  # Fri + 1 -> Mon 27 Dec
        ("2027-12-24", 5, "2027-12-31T23:59:59+01:00"),  # Fri + 5 -> Fri 31 Dec
        ("2027-12-24", 6, "2028-01-03T23:59:59+01:00"),  # Fri + 6 -> Mon 3 Jan
        # Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr)
        ("2026-04-02", 1, "2026-04-07T23:59:59+02:00"),  # Thu + 1 -> Tue
        ("2026-04-02", 2, "2026-04-08T23:59:59+02:00"),  # Thu + 2 -> Wed
        # Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar; DST starts Sun 28 Mar)
        ("2027-03-25", 1, "2027-03-30T23:59:59+02:00"),  # Thu + 1 -> Tue
        # King's Day
        ("2026-04-24", 1, "2026-04-28T23:59:59+02:00"),  # Fri + 1 -> Tue (Mon 27 hol)
        ("2027-04-26", 1, "2027-04-28T23:59:59+02:00"),  # Mon + 1 -> Wed (Tue 27 hol)
        ("2025-04-25", 1, "2025-04-28T23:59:59+02:00"),  # Fri + 1 -> Mon (Sat 26 hol)
        # Liberation Day, Ascension, Whit Monday 2026; Liberation + Ascension 2027
        ("2026-05-04", 1, "2026-05-06T23:59:59+02:00"),  # Mon + 1 -> Wed (Tue 5 May hol)
        ("2026-05-13", 1, "2026-05-15T23:59:59+02:00"),  # Wed + 1 -> Fri (Thu 14 hol)
        ("2026-05-22", 1, "2026-05-26T23:59:59+02:00"),  # Fri + 1 -> Tue (Mon 25 hol)
        ("2027-05-04", 1, "2027-05-07T23:59:59+02:00"),  # Tue + 1 -> Fri (Wed 5, Thu 6 hol)
        # DST change weekend 28-29 March 2026 and 24-25 October 2026
        ("2026-03-26", 1, "2026-03-27T23:59:59+01:00"),  # Thu + 1 -> Fri, still CET
        ("2026-03-27", 1, "2026-03-30T23:59:59+02:00"),  # Fri + 1 -> Mon, CEST
        ("2026-03-29T01:30:00Z", 1, "2026-03-30T23:59:59+02:00"),  # Sun 03:30 CEST -> Mon
        ("2026-10-23", 1, "2026-10-26T23:59:59+01:00"),  # Fri + 1 -> Mon, back to CET
        # Aware datetimes: the Amsterdam date counts
        ("2026-11-26T22:59:59+00:00", 1, "2026-11-27T23:59:59+01:00"),  # Thu 23:59:59 -> Fri
        ("2026-11-26T23:00:00+00:00", 1, "2026-11-30T23:59:59+01:00"),  # Fri 00:00 -> Mon
        ("2026-11-26T23:30:00Z", 1, "2026-11-30T23:59:59+01:00"),  # Fri 00:30 -> Mon
        ("2026-11-27T10:00:00+00:00", 2, "2026-12-01T23:59:59+01:00"),  # Fri + 2 -> Tue
        ("2026-11-27T23:30:00+00:00", 0, "2026-11-30T23:59:59+01:00"),  # Sat 00:30 -> Mon
        (datetime(2026, 11, 27, 23, 30, tzinfo=UTC), 0, "2026-11-30T23:59:59+01:00"),
        (datetime(2026, 11, 27, 8, 0, tzinfo=AMSTERDAM), 1, "2026-11-30T23:59:59+01:00"),
        (date(2026, 11, 27), 1, "2026-11-30T23:59:59+01:00"),  # Fri + 1 -> Mon
        # n = 0
        ("2026-12-23", 0, "2026-12-23T23:59:59+01:00"),  # Wed, a working day
        ("2026-12-25", 0, "2026-12-28T23:59:59+01:00"),  # Fri hol -> Mon
        ("2027-01-02", 0, "2027-01-04T23:59:59+01:00"),  # Sat -> Mon
        ("2027-12-25", 0, "2027-12-27T23:59:59+01:00"),  # Sat Christmas -> Mon
    ],
)
def test_add_working_days(moment, n, expected):
    result = add_working_days(moment, n)
    assert result.isoformat() == expected
    assert result.tzinfo is AMSTERDAM
    assert result.microsecond == 0


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-12-23", "2026-12-23T23:59:59+01:00"),  # Wed, working day
        ("2026-12-26", "2026-12-28T23:59:59+01:00"),  # Sat Boxing Day -> Mon
        ("2026-04-03", "2026-04-07T23:59:59+02:00"),  # Good Friday -> Tue
        ("2026-05-14", "2026-05-15T23:59:59+02:00"),  # Ascension Thu -> Fri
        ("2031-04-26", "2031-04-28T23:59:59+02:00"),  # Sat King's Day -> Mon
        (date(2026, 3, 28), "2026-03-30T23:59:59+02:00"),  # Sat before DST -> Mon
    ],
)
def test_term_end(day, expected):
    assert DEFAULT.term_end(day).isoformat() == expected
    assert DEFAULT.term_end(day) == DEFAULT.add_working_days(day, 0)


@pytest.mark.parametrize(
    "moment",
    [datetime(2026, 11, 27, 10, 0), "2026-11-27T10:00:00", "2026-11-27 10:00"],
)
def test_naive_datetime_refused(moment):
    with pytest.raises(ValueError):
        add_working_days(moment, 1)
    with pytest.raises(ValueError):
        DEFAULT.next_quarter_start(moment)
    with pytest.raises(ValueError):
        DEFAULT.is_working_day(moment)


@pytest.mark.parametrize("n", [-1, 1.5, "2", True, None])
def test_bad_n_refused(n):
    with pytest.raises(ValueError):
        add_working_days("2026-11-27", n)


@pytest.mark.parametrize("moment", ["not a date", "2026-13-01"])
def test_bad_string_refused(moment):
    with pytest.raises(ValueError):
        add_working_days(moment, 1)


def test_bad_type_refused():
    with pytest.raises(TypeError):
        add_working_days(20261127, 1)


CLOSED = WorkingDayCalendar(
    [date(2026, 12, 28), date(2026, 12, 29), "2026-12-30", "2026-12-31", date(2026, 11, 27)]
)


@pytest.mark.parametrize(
    ("moment", "n", "expected"),
    [
        ("2026-12-24", 2, "2027-01-05T23:59:59+01:00"),  # Thu + 2 -> Tue (28-31 closed)
        ("2026-12-24", 0, "2026-12-24T23:59:59+01:00"),  # Thu, open
        ("2026-11-26", 1, "2026-11-30T23:59:59+01:00"),  # Thu + 1 -> Mon (Fri closed)
        ("2026-11-27", 0, "2026-11-30T23:59:59+01:00"),  # closed Fri -> Mon
    ],
)
def test_closing_days(moment, n, expected):
    assert CLOSED.add_working_days(moment, n).isoformat() == expected


def test_closing_days_do_not_change_default():
    assert CLOSED.is_working_day(date(2026, 12, 28)) is False  # Mon, closed
    assert DEFAULT.is_working_day(date(2026, 12, 28)) is True


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-01-01", "2026-04-01T00:00:00+02:00"),  # date: the day itself
        ("2026-03-31T23:59:59+02:00", "2026-04-01T00:00:00+02:00"),
        ("2026-03-31T22:00:00Z", "2026-07-01T00:00:00+02:00"),  # = 1 Apr 00:00 local
        ("2026-04-01T00:00:00+02:00", "2026-07-01T00:00:00+02:00"),
        (date(2026, 5, 15), "2026-07-01T00:00:00+02:00"),
        ("2026-06-30T23:59:59+02:00", "2026-07-01T00:00:00+02:00"),
        ("2026-07-01T00:00:00+02:00", "2026-10-01T00:00:00+02:00"),
        ("2026-09-30T23:59:00+02:00", "2026-10-01T00:00:00+02:00"),
        ("2026-09-30T21:59:59Z", "2026-10-01T00:00:00+02:00"),  # 23:59:59 local
        ("2026-09-30T22:00:00Z", "2027-01-01T00:00:00+01:00"),  # 1 Oct 00:00 local
        ("2026-10-01T00:00:00+02:00", "2027-01-01T00:00:00+01:00"),
        ("2026-12-31T23:59:59+01:00", "2027-01-01T00:00:00+01:00"),
        ("2026-12-31T23:00:00Z", "2027-04-01T00:00:00+02:00"),  # 1 Jan 2027 00:00 local
        ("2027-03-31T23:59:59+02:00", "2027-04-01T00:00:00+02:00"),
    ],
)
def test_next_quarter_start(moment, expected):
    result = DEFAULT.next_quarter_start(moment)
    assert result.isoformat() == expected
    assert result.tzinfo is AMSTERDAM


def test_next_quarter_start_is_the_right_instant():
    result = DEFAULT.next_quarter_start("2026-09-30T12:00:00Z")
    assert result == datetime(2026, 9, 30, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-10-01T00:00:00+02:00", "2026Q3"),
        ("2026-09-30T23:59:59+02:00", "2026Q2"),
        ("2026-09-30T22:00:00Z", "2026Q3"),  # 1 Oct 00:00 local
        ("2027-01-01", "2026Q4"),
        ("2026-12-31T23:30:00Z", "2026Q4"),  # 1 Jan 2027 00:30 local
        ("2026-12-31T22:59:59Z", "2026Q3"),  # 31 Dec 23:59:59 local
        ("2026-04-01T00:00:00+02:00", "2026Q1"),
        ("2026-07-01", "2026Q2"),
        (date(2026, 2, 15), "2025Q4"),
    ],
)
def test_previous_quarter(moment, expected):
    assert DEFAULT.previous_quarter(moment) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-12-24", "2026-12-29", 2),  # Thu -> Tue: Mon 28, Tue 29
        ("2026-11-27", "2026-11-30", 1),  # Fri -> Mon
        ("2026-11-26", "2026-11-30", 2),  # Thu -> Mon: Fri, Mon
        ("2026-11-26T23:30:00Z", "2026-11-30", 1),  # Fri 00:30 local -> Mon
        ("2026-04-02", "2026-04-07", 1),  # Thu -> Tue over Easter: Tue only
        ("2026-05-01", "2026-05-31", 17),  # 20 weekdays minus 5, 14, 25 May
        ("2025-12-31", "2026-12-31", 253),  # 261 weekdays in 2026 minus 8 weekday holidays
        ("2026-11-27", "2026-11-27", 0),  # same day
        ("2026-11-30", "2026-11-27", 0),  # end before start
        ("2026-11-28", "2026-11-29", 0),  # Sat -> Sun
    ],
)
def test_working_days_between(start, end, expected):
    assert DEFAULT.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("moment", "n"),
    [("2026-12-24", 2), ("2026-04-02", 3), ("2027-12-24", 6), ("2026-11-28T10:00Z", 5)],
)
def test_working_days_between_inverts_add(moment, n):
    assert DEFAULT.working_days_between(moment, add_working_days(moment, n)) == n
