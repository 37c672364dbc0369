"""The auditor's diagram in a real browser: bpmn-js (served by the app) draws the complaint's
version and marks its path: done, active now, timers fired and still running. The heatmap marks
where complaints wait. No console errors, no request leaves the machine, the watermark shows."""


from playwright.sync_api import expect  # noqa: E402

from tests.screenshots import screenshot
from webforms.cli import DEMO_PASSWORD

from ..walk import closed, midway

MARKERS = ("pad-afgerond", "pad-actief", "pad-termijn-verstreken", "pad-termijn-loopt", "pad-gevolgd")


def log_in(context, login):
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill(login)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    return page


def drawn(page, url):
    page.goto(url)
    expect(page.locator("#diagram")).to_have_attribute("data-status", "klaar")
    return page


def markers_of(page, element_id) -> set[str]:
    classes = page.locator(f'g.djs-element[data-element-id="{element_id}"]').get_attribute("class")
    return set(classes.split()) & set(MARKERS)


def fill_of(page, element_id) -> str:
    shape = page.locator(f'g.djs-element[data-element-id="{element_id}"] .djs-visual > rect').first
    return shape.evaluate("shape => getComputedStyle(shape).fill")


def assert_watermark_visible(page):
    logo = page.locator(".bjs-powered-by")
    expect(logo).to_have_count(1)
    expect(logo).to_be_visible()
    logo.scroll_into_view_if_needed()
    on_top = page.evaluate(
        """() => {
            const logo = document.querySelector('.bjs-powered-by');
            const box = logo.getBoundingClientRect();
            const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return logo.contains(top);
        }"""
    )
    assert on_top, "the bpmn.io watermark must not be covered"


def test_a_complaint_mid_way_on_its_diagram(audit_browsers, audit_server):
    reference = midway(audit_server.engine)
    page = drawn(log_in(audit_browsers.new(), "anna"), f"/audit/klachten/{reference}")
    assert markers_of(page, "tevredenheid_controleren") == {"pad-actief"}
    assert markers_of(page, "akkoord_klager") == {"pad-afgerond"}
    assert markers_of(page, "escalatie_contact") == {"pad-afgerond"}
    assert markers_of(page, "termijn_contact") == {"pad-termijn-verstreken"}
    assert markers_of(page, "termijn_tevredenheid") == {"pad-termijn-loopt"}
    assert markers_of(page, "opnieuw_oplossen") == set()
    assert markers_of(page, "klacht_gesloten") == set()
    assert markers_of(page, "Flow_akkoord_ja") == {"pad-gevolgd"}
    assert markers_of(page, "Flow_akkoord_nee") == set()
    assert fill_of(page, "tevredenheid_controleren") == "rgb(255, 243, 176)"
    assert fill_of(page, "akkoord_klager") == "rgb(223, 240, 228)"
    expect(page.locator(".legenda")).to_contain_text("Nu actief")
    expect(page.locator(".tijdlijn")).to_contain_text("Termijn verstreken, escalatie")
    assert_watermark_visible(page)
    # For the README: wide enough to have the timeline beside the diagram.
    page.set_viewport_size({"width": 1600, "height": 1000})
    drawn(page, f"/audit/klachten/{reference}")
    screenshot(page, "history.png")


def test_a_closed_complaint_on_its_diagram(audit_browsers, audit_server):
    reference = closed(audit_server.engine)
    page = drawn(log_in(audit_browsers.new(), "yasmin"), f"/audit/klachten/{reference}")
    for element in ("klacht_ontvangen", "opnieuw_oplossen", "tevredenheid_controleren", "klacht_gesloten"):
        assert markers_of(page, element) == {"pad-afgerond"}, element
    assert markers_of(page, "termijn_contact") == {"pad-termijn-verstreken"}
    assert markers_of(page, "Flow_tevreden_nee") == {"pad-gevolgd"}
    assert markers_of(page, "Flow_oplossen_tevredenheid") == {"pad-gevolgd"}
    expect(page.locator("g.djs-element.pad-actief")).to_have_count(0)
    expect(page.locator("g.djs-element.pad-termijn-loopt")).to_have_count(0)
    assert_watermark_visible(page)


def test_where_complaints_wait_as_a_heatmap(audit_browsers, audit_server):
    midway(audit_server.engine)
    page = drawn(log_in(audit_browsers.new(), "pieter"), "/audit/wachten?van=2026-11-01&tot=2026-12-31")
    assert markers_of(page, "contact_opnemen") == set()  # the path markers are not used here
    heat = page.locator('g.djs-element[data-element-id="contact_opnemen"]').get_attribute("class")
    assert "drukte-4" in heat.split()
    label = page.locator('.djs-overlays[data-container-id="contact_opnemen"] .drukte-label')
    expect(label).to_contain_text("· 3 dagen 1 uur")
    expect(page.locator(".drukte-label").first).to_be_visible()
    assert_watermark_visible(page)
