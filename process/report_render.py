"""The report as a download: JSON, CSV (one row per figure), a printable HTML page with charts,
and PDF (report_pdf)."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .report_charts import bar_chart
from .report_tables import introduction, tables
from .spreadsheet import csv_text

# Sections of lists (one row per item) rather than named figures.
LISTS = {"handlers": "handler", "procedure_changes.items": "reference"}


@dataclass(frozen=True)
class Format:
    render: Callable[[dict], str | bytes]
    media_type: str
    suffix: str


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


# Dutch column names: onderdeel (section), cijfer (figure), waarde (value), vorige periode.
CSV_HEADER = ("onderdeel", "cijfer", "waarde", "vorige periode")


def to_csv(report: dict) -> str:
    """One row per figure; `vorige periode` where the period before has the figure."""
    rows = (
        (section, name, value, _previous(report, section, name))
        for section, name, value in figure_rows(report)
    )
    return csv_text(CSV_HEADER, rows)


def figure_rows(report: dict):
    """(section, name, value) for every figure, nested names joined with dots."""
    for section, body in report.items():
        if section in ("previous", "comparison", "period", "previous_period", "as_of"):
            continue
        yield from _flattened(section, "", body)


def to_html(report: dict) -> str:
    return (
        _templates()
        .get_template("report.html")
        .render(report=report, tables=tables(report), chart=bar_chart, introduction=introduction(report))
    )


def sections_html(report: dict) -> Markup:
    """The report's sections (tables, notes, charts) for a page that brings its own layout."""
    template = _templates().get_template("_sections.html")
    return Markup(template.render(report=report, tables=tables(report), chart=bar_chart))


def to_pdf(report: dict) -> bytes:
    # fpdf2 takes most of a second to import: only a PDF pays for it.
    from .report_pdf import to_pdf as render

    return render(report)


FORMATS = {
    "json": Format(to_json, "application/json", "json"),
    "csv": Format(to_csv, "text/csv; charset=utf-8", "csv"),
    "html": Format(to_html, "text/html; charset=utf-8", "html"),
    "pdf": Format(to_pdf, "application/pdf", "pdf"),
}


def _flattened(section: str, prefix: str, body):
    if isinstance(body, dict):
        for key, value in body.items():
            yield from _flattened(section, f"{prefix}{key}.", value)
    elif isinstance(body, list):
        key = LISTS.get(f"{section}.{prefix.rstrip('.')}".rstrip("."), "")
        for index, item in enumerate(body):
            yield from _flattened(section, f"{prefix}{item.get(key) or f'#{index + 1}'}.", item)
    else:
        yield section, prefix.rstrip("."), body


def _previous(report: dict, section: str, name: str):
    value = report.get("previous", {}).get(section)
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return None if isinstance(value, dict | list) else value


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("process", "templates/report"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
