"""The quarterly report in the browser: for the relationship manager and auditors only."""

from .conftest import do, register


def test_the_relationship_manager_reads_and_downloads_the_quarter(as_user, engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    yasmin = as_user("yasmin")
    index = yasmin.get("/rapportage/").get_data(as_text=True)
    assert "/rapportage/2026Q4" in index and "/rapportage/2026Q3" in index

    page = yasmin.get("/rapportage/2026Q4")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html and "2026Q4" in html and "/rapportage/2026Q4.pdf" in html

    csv = yasmin.get("/rapportage/2026Q4.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert 'filename="klachtenrapportage-2026Q4.csv"' in csv.headers["Content-Disposition"]
    pdf = yasmin.get("/rapportage/2026Q4.pdf")
    assert pdf.get_data().startswith(b"%PDF")


def test_auditors_read_it_others_do_not(as_user):
    assert as_user("anna").get("/rapportage/2026Q4").status_code == 200
    for login in ("carla", "henk", "pieter", "bram"):
        assert as_user(login).get("/rapportage/2026Q4").status_code == 403
        assert as_user(login).get("/rapportage/2026Q4.csv").status_code == 403


def test_a_period_that_is_no_period_is_refused_in_dutch(as_user):
    response = as_user("yasmin").get("/rapportage/2026Q5")
    assert response.status_code == 400
    assert "Periode" in response.get_data(as_text=True)
    assert as_user("yasmin").get("/rapportage/2026Q4.exe").status_code == 404


def test_the_report_page_is_styled_by_the_app_not_by_an_inline_style(as_user):
    html = as_user("anna").get("/rapportage/2026Q4").get_data(as_text=True)
    assert "<style" not in html and " style=" not in html  # the CSP allows no inline style
    assert "/static/report.css" in html and "/static/klacht.css" in html
    assert 'aria-label="Hoofdmenu"' in html and 'class="rapportdeel"' in html
