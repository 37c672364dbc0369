"""The auditor's complaint list: search, filters, sorting and pages over HTTP, and the same
selection as CSV."""


import lxml.html

from process.spreadsheet import read_rows
from tests.web.conftest import register

from ..walk import at, closed, midway


def references(response) -> list[str]:
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    return [a.text for a in tree.xpath("//table[contains(@class, 'audit-lijst')]//tbody/tr/td[1]/a")]


def test_search_filter_sort_and_page(as_user, engine):
    first = closed(engine)
    second = midway(engine, "yasmin", category="discriminatie", complainant_name="Fatima el Amrani")
    at(engine, 2026, 12, 9, 9)
    third = register(engine, complainant_name="Peter Smit")
    anna = as_user("anna")
    assert references(anna.get("/audit/klachten")) == [third, second, first]
    assert references(anna.get("/audit/klachten?q=amrani")) == [second]
    assert references(anna.get("/audit/klachten?status=closed")) == [first]
    assert references(anna.get("/audit/klachten?soort=discriminatie")) == [second]
    assert references(anna.get("/audit/klachten?afhandelaar=yasmin&sort=kenmerk")) == [first, second]
    assert references(anna.get("/audit/klachten?van=2026-12-01")) == [third]
    assert references(anna.get("/audit/klachten?tot=2026-11-30&sort=-kenmerk")) == [second, first]
    assert references(anna.get("/audit/klachten?termijn=missed&sort=kenmerk")) == [first, second]
    assert references(anna.get("/audit/klachten?versie=1&sort=klager")) == [second, first, third]
    assert references(anna.get("/audit/klachten?versie=2")) == []
    # Nonsense is no filter at all, never an error.
    assert references(anna.get("/audit/klachten?status=x&van=gisteren&sort=wachtwoord&pagina=-1")) == [
        third,
        second,
        first,
    ]
    html = anna.get("/audit/klachten?sort=kenmerk").get_data(as_text=True)
    assert 'aria-sort="ascending"><a href="/audit/klachten?sort=-kenmerk"' in html


def test_pages_keep_the_filters(as_user, engine, monkeypatch):
    monkeypatch.setattr("webforms.audit_filters.PER_PAGE", 2)
    made = [register(engine, complainant_name=f"Klager {n}") for n in range(3)]
    register(engine, complainant_name="Iemand anders")
    anna = as_user("anna")
    first_page = anna.get("/audit/klachten?q=klager&sort=kenmerk")
    assert references(first_page) == made[:2]
    assert "/audit/klachten?q=klager&amp;sort=kenmerk&amp;pagina=2" in first_page.get_data(as_text=True)
    assert references(anna.get("/audit/klachten?q=klager&sort=kenmerk&pagina=2")) == made[2:]


def test_the_filtered_list_as_csv(as_user, engine):
    first = closed(engine)
    midway(engine, "yasmin", category="discriminatie")
    register(engine, complainant_name='=HYPERLINK("http://example.org")')
    response = as_user("yasmin").get("/audit/klachten.csv?status=closed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="klachten.csv"' in response.headers["Content-Disposition"]
    rows = read_rows(response.get_data(as_text=True))
    assert [(r["kenmerk"], r["status"], r["afhandelaar"], r["termijn_gemist"]) for r in rows] == [
        (first, "Afgesloten", "Yasmin Asrafali", "ja")
    ]
    assert rows[0]["geregistreerd"] == "2026-11-30T09:00:00+01:00"
    everything = as_user("anna").get("/audit/klachten.csv").get_data(as_text=True)
    assert len(read_rows(everything)) == 3
    assert "'=HYPERLINK" in everything  # a spreadsheet shows it, never runs it
