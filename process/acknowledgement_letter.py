"""The acknowledgement as a printable letter (fpdf2, like the report PDF): for a complainant
without e-mail. It says what the acknowledgement mail says: the reference, the steps of the
procedure and its terms."""

from datetime import date, datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .calendar import AMSTERDAM

STEPS = (
    "U controleert of wij uw klacht goed hebben vastgelegd.",
    "De relatiemanager bepaalt wie uw klacht behandelt. Dat is nooit de medewerker over wie u klaagt.",
    "De behandelaar neemt binnen 2 werkdagen contact met u op. Samen zoeken we een oplossing of "
    "spreken we af hoe en binnen welke termijn uw klacht wordt afgehandeld.",
    "Na de afhandeling vragen wij u binnen 5 werkdagen of uw klacht naar tevredenheid is opgelost. "
    "Is dat niet zo, dan lossen wij haar binnen 2 werkdagen alsnog op.",
    "Daarna sluiten wij uw klacht af en bevestigen wij dat.",
)


def acknowledgement_pdf(reference: str, case: dict, received: datetime, organisation: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_text(f"Ontvangstbevestiging klacht {reference}"))
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    _line(pdf, case.get("complainant_name", ""))
    pdf.ln(10)
    _line(pdf, f"Datum: {received.astimezone(AMSTERDAM):%d-%m-%Y}")
    _line(pdf, f"Kenmerk: {reference}")
    pdf.ln(6)
    pdf.set_font("helvetica", "B", 13)
    _line(pdf, "Ontvangstbevestiging van uw klacht")
    pdf.set_font("helvetica", size=11)
    pdf.ln(3)
    _paragraph(pdf, f"Beste {case.get('complainant_name', '')},")
    _paragraph(
        pdf,
        f"Wij hebben uw klacht ontvangen op {received.astimezone(AMSTERDAM):%d-%m-%Y}. Uw kenmerk is "
        f"{reference}; noem dat als u contact met ons opneemt. Zo gaan wij met uw klacht om:",
    )
    for number, step in enumerate(STEPS, 1):
        _paragraph(pdf, f"{number}. {step}")
    if case.get("outcome") == "afspraak" and case.get("agreed_term"):
        _paragraph(
            pdf,
            f"Met u is afgesproken dat uw klacht uiterlijk {_day(case['agreed_term'])} wordt afgehandeld.",
        )
    _paragraph(pdf, "Termijnen in werkdagen: weekenden en feestdagen tellen niet mee.")
    _paragraph(pdf, f"Met vriendelijke groet,\n{organisation}")
    return bytes(pdf.output())


def _line(pdf: FPDF, text: str) -> None:
    pdf.cell(text=_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 6, _text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _day(iso_date: str) -> str:
    return f"{date.fromisoformat(iso_date):%d-%m-%Y}"


def _text(value) -> str:
    """The core fonts know Latin-1 only; other characters become '?' rather than fail."""
    return str(value).replace("\u2026", "...").encode("latin-1", "replace").decode("latin-1")
