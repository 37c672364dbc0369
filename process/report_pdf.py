"""The report as a PDF (fpdf2, pure Python): the same tables as the HTML page, with simple bars."""

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from .report_tables import Table, introduction, tables

INK = (27, 31, 36)
SOFT = (74, 85, 99)
BRAND = (29, 61, 92)
BEFORE = (154, 168, 184)
LINE = (201, 209, 219)
HEADING = (244, 246, 248)
BAR_WIDTH = 60  # mm for the longest bar


def to_pdf(report: dict) -> bytes:
    period = report["period"]
    pdf = FPDF(format="A4")
    pdf.set_title(_text(f"Kwartaalrapportage klachten {period['label']}"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.set_text_color(*BRAND)
    pdf.cell(
        text=_text(f"Kwartaalrapportage klachten {period['label']}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font("helvetica", size=9)
    pdf.set_text_color(*SOFT)
    pdf.multi_cell(0, 5, _text(introduction(report)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for table in tables(report):
        _table(pdf, table)
    return bytes(pdf.output())


def _table(pdf: FPDF, table: Table) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 12)
    pdf.set_text_color(*BRAND)
    pdf.cell(text=_text(table.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", size=9)
    pdf.set_text_color(*INK)
    rows = table.rows or [("Geen.",) + ("",) * (len(table.columns) - 1)]
    align = ("LEFT",) + ("RIGHT" if table.numeric else "LEFT",) * (len(table.columns) - 1)
    pdf.set_draw_color(*LINE)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=table.widths,
        text_align=align,
        line_height=5,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", color=INK, fill_color=HEADING),
    ) as grid:
        for values in [table.columns, *rows]:
            line = grid.row()
            for value in values:
                line.cell(_text(value))
    if table.note:
        pdf.ln(1)
        pdf.set_font("helvetica", size=8)
        pdf.set_text_color(*SOFT)
        pdf.multi_cell(0, 4, _text(table.note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _bars(pdf, table)


def _bars(pdf: FPDF, table: Table) -> None:
    highest = (
        100
        if table.unit == "%"
        else max((v for _, *values in table.bars for v in values if v is not None), default=0)
    )
    if not table.bars or not highest:
        return
    pdf.ln(2)
    pdf.set_font("helvetica", size=7)
    for label, value, previous in table.bars:
        if pdf.will_page_break(6):
            pdf.add_page()
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_text_color(*SOFT)
        pdf.set_xy(x, y)
        pdf.cell(55, 4, _text(label[:40]))
        _bar(pdf, x + 56, y + 0.5, value, highest, BRAND, 3, table.unit)
        if previous is not None:
            _bar(pdf, x + 56, y + 3.5, previous, highest, BEFORE, 1.2, table.unit)
        pdf.set_xy(x, y + 5.5)


def _bar(pdf: FPDF, x: float, y: float, value, highest: float, colour, height: float, unit: str) -> None:
    width = 0 if value is None else BAR_WIDTH * value / highest
    pdf.set_fill_color(*colour)
    if width:
        pdf.rect(x, y, width, height, style="F")
    if height > 2:
        pdf.set_xy(x + width + 1, y - 0.5)
        shown = "-" if value is None else f"{value:g}{unit}".replace(".", ",")
        pdf.cell(15, 4, shown)


def _text(value) -> str:
    """The PDF's core fonts know Latin-1 only; other characters become '?' rather than fail."""
    return str(value).replace("\u2026", "...").encode("latin-1", "replace").decode("latin-1")
