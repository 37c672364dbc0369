"""The process owner in a real browser: change a term in the modeler, fix what validation finds,
deploy, and see the new version; running complaints keep theirs; hostile files are refused."""

import re

from playwright.sync_api import expect  # noqa: E402

from tests.screenshots import screenshot
from tests.web.conftest import register, to_contact
from webforms.cli import DEMO_PASSWORD

from ..diagrams import with_script


def open_modeler(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/")
    page.get_by_label("Gebruikersnaam").fill("pieter")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Procesbeheer").click()
    expect(page.locator("#canvas")).to_have_attribute("data-status", "klaar")
    expect(page.locator("#controle-status")).to_have_text(
        "Geen problemen gevonden: dit diagram kan in gebruik worden genomen."
    )
    return page


def select(page, element_id):
    page.locator(f'g.djs-element[data-element-id="{element_id}"]').click()
    expect(page.locator(".eigen-paneel__element")).to_contain_text(element_id)


def test_change_a_term_fix_a_problem_deploy_and_see_the_new_version(browsers, live_server):
    engine = live_server.engine
    older = register(engine)
    to_contact(engine, older)
    page = open_modeler(browsers.new())
    expect(page.locator(".bjs-powered-by")).to_be_visible()

    select(page, "termijn_contact")
    term = page.get_by_label("Termijn in werkdagen")
    expect(term).to_have_value("2")
    for wrong in ("-1", "1.5"):  # refused with the reason; the field shows the term that holds
        term.fill(wrong)
        term.press("Enter")
        expect(page.locator("#eigen-termijn-fout")).to_have_text(
            f"{wrong} kan niet: vul een heel aantal werkdagen in, van 0 tot en met 250. "
            "De termijn blijft 2 werkdagen."
        )
        expect(term).to_have_value("2")
    term.fill("3")
    term.press("Enter")
    expect(page.locator("#eigen-termijn-fout")).to_be_hidden()

    select(page, "escalatie_contact")
    page.get_by_label("Formulier").select_option("")
    problem = page.locator("#problemen .probleem")
    expect(problem).to_have_text(
        "Escalatie: geen contact binnen 2 werkdagen: deze gebruikerstaak heeft geen formulier"
    )
    expect(page.get_by_role("button", name="In gebruik nemen als nieuwe versie")).to_be_disabled()
    screenshot(page, "modeler.png", full_page=True)

    select(page, "termijn_contact")
    problem.click()
    expect(page.locator(".eigen-paneel__element")).to_contain_text("escalatie_contact")
    page.get_by_label("Formulier").select_option("escalatie")
    expect(page.locator("#controle-status")).to_contain_text("Geen problemen gevonden")
    page.get_by_label("Wat is er veranderd?").fill("Contacttermijn 3 werkdagen")
    page.get_by_role("button", name="In gebruik nemen als nieuwe versie").click()
    expect(page.locator("#modeler-melding")).to_contain_text("In gebruik genomen: Klachtafhandeling versie 2")

    deployed = engine.latest_file()[1]
    assert "add_working_days(now(), 3).isoformat()" in deployed
    assert '<spiffworkflow:property name="formKey" value="escalatie" />' in deployed
    page.get_by_role("link", name="Bekijk de versies").click()
    newest = page.locator("tr.versie").first
    expect(newest).to_contain_text("versie 2")
    expect(newest).to_contain_text("Pieter Bakker")
    expect(newest).to_contain_text("Contacttermijn 3 werkdagen")

    newer = register(engine)
    to_contact(engine, newer)
    assert (engine.instance(older).version, engine.instance(newer).version) == (1, 2)
    due = {t.reference: t.due.day for t in engine.tasks() if t.bpmn_id == "contact_opnemen"}
    assert (due[older], due[newer]) == (2, 3)  # Wednesday and Thursday after Monday the 30th


def test_a_hostile_file_is_refused_and_nothing_runs(browsers, live_server, tmp_path):
    marker = tmp_path / "was-hier"
    hostile = tmp_path / "kwaadaardig.bpmn"
    hostile.write_bytes(with_script(f"import os\nos.system('touch {marker}')"))
    entities = tmp_path / "entiteiten.bpmn"
    entities.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    )
    page = open_modeler(browsers.new())

    page.locator("#bestand").set_input_files(str(entities))
    expect(page.locator("#modeler-melding")).to_have_text(
        "Dit bestand wordt geweigerd: een DOCTYPE (DTD of entiteiten) is niet toegestaan."
    )
    page.locator("#bestand").set_input_files(str(hostile))
    expect(page.locator("#problemen")).to_contain_text(
        "Verstreken kwartaal bepalen: het script is geweigerd: 'Import' is niet toegestaan in een diagram"
    )
    expect(page.get_by_role("button", name="In gebruik nemen als nieuwe versie")).to_be_disabled()
    assert not marker.exists()


def test_compare_view_and_move_a_running_complaint(browsers, live_server):
    engine = live_server.engine
    running = register(engine)
    _, xml = engine.latest_file()
    renamed = xml.replace('name="Escalatie afgehandeld"', 'name="Escalatie klaar"', 1).encode()
    deployed = engine.deploy(renamed, "pieter", "nieuwe naam")
    [newest] = [v for v in deployed if v.process_id == "klachtafhandeling"]
    page = open_modeler(browsers.new())
    page.get_by_role("link", name="Versies").click()
    page.locator("tr.versie").first.get_by_role("link", name=re.compile("verschil met versie")).click()
    expect(page.locator("[data-element-id=escalatie_contact_afgehandeld]")).to_contain_text(
        "naam: 'Escalatie afgehandeld' → 'Escalatie klaar'"
    )
    page.get_by_role("link", name=f"Versie {newest.version - 1} bekijken").click()
    expect(page.locator("#canvas")).to_have_attribute("data-status", "klaar")
    expect(page.locator(".bjs-powered-by")).to_be_visible()

    page.get_by_role("link", name="Lopende klachten omzetten").click()
    page.get_by_label(running).check()
    page.get_by_label("Omzetten naar").select_option(str(newest.id))
    page.get_by_role("button", name="Gekozen klachten omzetten").click()
    expect(page.locator(".uitkomst")).to_contain_text(
        f"{running}: omgezet van versie {newest.version - 1} naar versie {newest.version}"
    )
    assert engine.instance(running).version == newest.version
    assert [e.event for e in engine.history(running)][-1] == "migrated"
