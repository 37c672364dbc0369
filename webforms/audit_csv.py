"""The auditor's filtered complaint list as CSV, one row per complaint."""

import csv
import io

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
# A spreadsheet would run a cell that starts like a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def complaints_csv(rows, categories: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        data = row.data
        writer.writerow(
            _safe(value)
            for value in (
                row.reference,
                data.get("complainant_name", ""),
                categories.get(data.get("category"), data.get("category", "")),
                STATUS_LABELS.get(row.status, row.status),
                data.get("handler_name", ""),
                when(row.started_at),
                when(row.closed_at) or "",
                row.version,
                "ja" if row.overdue else "nee",
                "ja" if row.term_missed else "nee",
            )
        )
    return out.getvalue()


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
