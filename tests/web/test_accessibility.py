"""WCAG 2.1 AA, checked by axe-core (served by the app from its vendored assets) on the pages
complainants and staff use most, and the public form filled in and sent with the keyboard alone.

These tests run on their own server so that the references other browser tests expect stay theirs."""

import re

import pytest
from playwright.sync_api import expect  # noqa: E402

from tests.web.conftest import Browsers, do, mailed_link, ready, register, serving
from webforms.cli import DEMO_PASSWORD

from .test_browser import log_in

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  if (result.passes.length === 0) throw new Error("axe-core checked nothing");
  const where = (v) => v.nodes.map((n) => n.target.join(" ")).join(", ");
  return result.violations.map((v) => `${v.id}: ${v.help} at ${where(v)}`);
}"""


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("toegankelijk")) as served:
        yield served


@pytest.fixture
def visitors(chromium, own_server):
    opened = Browsers(chromium, own_server.url)
    yield opened
    for context in opened.contexts:
        context.close()
    assert opened.unexpected() == []


def violations(page) -> list[str]:
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    return page.evaluate(AXE, WCAG_21_AA)


def test_the_pages_people_use_most_have_no_wcag_21_aa_violations(visitors, own_server):
    engine = own_server.engine
    reference = register(engine, service_employee="onbekend")
    complainant = visitors.new().new_page()
    found = {}

    complainant.goto("/klacht-indienen")
    found["public form"] = violations(complainant)
    visitors.allow("400 (BAD REQUEST)")  # sent empty on purpose: the errors must be accessible too
    complainant.get_by_role("button", name="Klacht versturen").click()
    expect(complainant.locator(".foutoverzicht")).to_be_visible()
    found["public form with errors"] = violations(complainant)

    complainant.goto(mailed_link(engine, reference))
    found["approval link"] = violations(complainant)
    # The acknowledgement, sent once the complaint is approved, brings the status link.
    do(engine, reference, "akkoord_klager", "carla", approved=True)
    complainant.goto(mailed_link(engine, reference, "status"))
    found["status page"] = violations(complainant)

    do(engine, reference, "afhandelaar_bepalen", "yasmin", handler="henk", service_employee="onbekend")
    henk = log_in(visitors.new(), "henk")
    found["inbox"] = violations(henk)
    henk.goto(f"/taken/{ready(engine, reference, 'contact_opnemen').id}")
    found["task form"] = violations(henk)
    henk.goto(f"/klachten/{reference}")
    found["case page"] = violations(henk)

    assert {page: problems for page, problems in found.items() if problems} == {}


def test_the_public_form_is_filled_in_and_sent_with_the_keyboard_alone(visitors):
    page = visitors.new().new_page()
    page.goto("/klacht-indienen")
    typed = {
        "complainant_name": "Jan de Klager",
        "complainant_email": "jan@example.org",
        "complainant_phone": "06 1234 5678",
        "description": "Ik ben drie keer niet teruggebeld.",
    }
    seen = []
    for _ in range(30):  # tab through the page in its own order, filling in what comes
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        seen.append(focused)
        if focused in typed:
            page.keyboard.type(typed[focused])
        elif focused == "category":
            page.keyboard.press("ArrowDown")  # the first kind of complaint
        elif focused == "Klacht versturen":
            page.keyboard.press("Enter")
            break
    assert [name for name in seen if name in typed or name == "category"] == [*typed, "category"]
    assert "website" not in seen  # the trap for bots is out of the tab order
    expect(page.get_by_role("heading", name="Wij hebben uw klacht ontvangen")).to_be_visible()
    assert re.search(r"KL-\d{4}-\d{4}", page.locator(".lead").inner_text())


def test_the_menu_fits_on_one_line_at_1280_pixels_for_every_role(visitors):
    """The header is one row: brand, menu, name and logout button (the viewport is 1280 wide)."""
    rows = {}
    for login in ("yasmin", "pieter", "anna", "bram"):  # the longest menu of each kind
        page = visitors.new().new_page()
        page.goto("/inloggen")
        page.get_by_label("Gebruikersnaam").fill(login)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        middles = page.evaluate(
            "[...document.querySelectorAll('.kop .merk, .menu li, .uitloggen')]"
            ".map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; })"
        )
        rows[login] = round((max(middles) - min(middles)) / 10)  # 0: all on one line
        page.close()
    assert rows == dict.fromkeys(rows, 0)
