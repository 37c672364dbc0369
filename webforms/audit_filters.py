"""The auditor's complaint list: filters from the query string to the engine's search, and back to
links (sorting, pages, the CSV download) that keep them."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from engine.instance_search import InstanceQuery

from .complaint_forms import PROCESS, STATUS_LABELS
from .dutch_time import LOCAL, day_from_input
from .form_data import whole_number

TEXT_FIELDS = ("complainant_name", "complainant_email", "description")
LATE_LABELS = {"overdue": "Nu over de termijn", "missed": "Een termijn niet gehaald"}
# Column -> the engine's sort key.
SORTS = {
    "kenmerk": "reference",
    "klager": "data.complainant_name",
    "soort": "data.category",
    "status": "status",
    "afhandelaar": "data.handler_name",
    "geregistreerd": "started",
    "versie": "version",
}
PER_PAGE = 25


@dataclass(frozen=True)
class ComplaintFilters:
    text: str = ""
    status: str = ""
    category: str = ""
    handler: str = ""
    start: date | None = None
    end: date | None = None
    late: str = ""
    version: int | None = None
    sort: str = "-geregistreerd"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "ComplaintFilters":
        """Whatever the query string says; unknown values count as no filter."""
        sort = args.get("sort", "")
        return cls(
            text=args.get("q", "").strip()[:200],
            status=args.get("status", "") if args.get("status") in STATUS_LABELS else "",
            category=args.get("soort", "").strip(),
            handler=args.get("afhandelaar", "").strip(),
            start=day_from_input(args.get("van")),
            end=day_from_input(args.get("tot")),
            late=args.get("termijn", "") if args.get("termijn") in LATE_LABELS else "",
            version=_number(args.get("versie")),
            sort=sort if sort.lstrip("-") in SORTS else cls.sort,
            page=_number(args.get("pagina")) or 1,
        )

    def query(self) -> InstanceQuery:
        chosen = {"category": self.category, "handler": self.handler}
        where = {key: value for key, value in chosen.items() if value}
        return InstanceQuery(
            process_id=PROCESS,
            text=self.text,
            text_fields=TEXT_FIELDS,
            status=self.status or None,
            where=where,
            started_from=_moment(self.start),
            started_before=_moment(self.end + timedelta(days=1)) if self.end else None,
            late=self.late or None,
            version=self.version,
            sort=("-" if self.sort.startswith("-") else "") + SORTS[self.sort.lstrip("-")],
            page=self.page,
            per_page=PER_PAGE,
        )

    def args(self, **changes) -> dict:
        """Query string arguments for a link with these filters (and the given changes)."""
        chosen = replace(self, **changes)
        shown = {
            "q": chosen.text,
            "status": chosen.status,
            "soort": chosen.category,
            "afhandelaar": chosen.handler,
            "van": chosen.start.isoformat() if chosen.start else "",
            "tot": chosen.end.isoformat() if chosen.end else "",
            "termijn": chosen.late,
            "versie": chosen.version or "",
            "sort": chosen.sort if chosen.sort != ComplaintFilters.sort else "",
            "pagina": chosen.page if chosen.page > 1 else "",
        }
        return {key: value for key, value in shown.items() if value not in ("", None)}

    def sorted_by(self, column: str) -> dict:
        """Arguments to sort on a column: ascending first, descending when it already is."""
        return self.args(sort=f"-{column}" if self.sort == column else column, page=1)

    def direction(self, column: str) -> str:
        """aria-sort of a column header."""
        if self.sort.lstrip("-") != column:
            return "none"
        return "descending" if self.sort.startswith("-") else "ascending"


def _number(text) -> int | None:
    number = whole_number(text)
    return number if number and number < 1_000_000 else None


def _moment(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(0), tzinfo=LOCAL)
