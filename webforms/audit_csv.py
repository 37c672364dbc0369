"""The auditor's filtered complaint list as CSV, one row per complaint."""

from process.spreadsheet import csv_text

from .complaint_forms import STATUS_LABELS
from .output import when

HEADER = (
    "kenmerk",
    "klager",
    "soort",
    "status",
    "afhandelaar",
    "geregistreerd",
    "afgesloten",
    "versie",
    "nu_over_termijn",
    "termijn_gemist",
)


def complaints_csv(rows, categories: dict[str, str]) -> str:
    return csv_text(HEADER, (_line(row, categories) for row in rows))


def _line(row, categories: dict[str, str]) -> tuple:
    data = row.data
    return (
        row.reference,
        data.get("complainant_name", ""),
        categories.get(data.get("category"), data.get("category", "")),
        STATUS_LABELS.get(row.status, row.status),
        data.get("handler_name", ""),
        when(row.started_at),
        when(row.closed_at) or "",
        row.version,
        bool(row.overdue),
        bool(row.term_missed),
    )
