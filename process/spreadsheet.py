"""The one writer of every CSV the app hands out, made for Dutch Excel: `;` between cells, a
UTF-8 byte-order mark so accents survive, decimal commas, "ja"/"nee", and no cell that a
spreadsheet would run as a formula (OWASP's CSV injection advice: prefix such text with ')."""

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
SEPARATOR = ";"
# A cell starting with one of these is a formula (or a DDE call) to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|")


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The whole file: byte-order mark, header, then one line per row, every cell made safe."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([cell(value) for value in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def cell(value) -> str:
    """One value as Dutch Excel shows it, text that looks like a formula defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return str(value).replace(".", ",")
    text = str(value)
    if text.lstrip(" \u00a0").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def read_rows(text: str) -> list[dict]:
    """The rows of a file csv_text wrote, as dicts by header (for tests and re-imports)."""
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM)), delimiter=SEPARATOR))
