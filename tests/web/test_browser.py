"""The whole procedure in a real browser: four staff members and the complainant's links, with
no command line and no error page. `make screenshots` takes the README's pictures from this walk."""

from datetime import timedelta

from playwright.sync_api import expect  # noqa: E402

from tests.screenshots import screenshot
from webforms.cli import DEMO_PASSWORD

from .conftest import mailed_link, register, to_contact


def log_in(context, login):
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Gebruikersnaam").fill(login)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()  # each role its own start page
    return page


def open_task(page, title):
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def submit(page, button="Opslaan en afronden"):
    page.get_by_role("button", name=button).click()
    expect(page.locator(".melding--success")).to_be_visible()


def busy_inbox_for_henk(engine):
    """A few complaints for the handler, one of them past its term, so the inbox has content."""
    now = engine.clock.now()
    engine.clock.set(now - timedelta(days=7))
    late = register(
        engine, service_employee="onbekend", complainant_name="Fatima el Amrani", category="overig"
    )
    to_contact(engine, late, handler="henk")
    engine.clock.set(now - timedelta(days=1))
    to_contact(
        engine, register(engine, service_employee="onbekend", complainant_name="Peter Smit"), handler="henk"
    )
    engine.clock.set(now)


def test_the_whole_procedure_in_the_browser(browsers, live_server):
    busy_inbox_for_henk(live_server.engine)

    # Carla (contact person) registers the complaint and hands the complainant the approval link.
    carla = log_in(browsers.new(), "carla")
    carla.get_by_role("link", name="Nieuwe klacht").click()
    browsers.allow("400 (BAD REQUEST)")  # the form sent empty on purpose
    carla.get_by_role("button", name="Klacht registreren").click()
    expect(carla.locator(".foutoverzicht")).to_contain_text("Naam klager: Dit veld is verplicht.")
    carla.get_by_label("Naam klager").fill("Jan de Klager")
    carla.get_by_label("E-mailadres klager").fill("jan@example.org")
    carla.get_by_label("Omschrijving van de klacht").fill("Ik ben drie keer niet teruggebeld.")
    carla.get_by_label("Hoe is de klacht gemeld?").select_option("telefoon")
    carla.get_by_label("Soort klacht").select_option("dienstverlening")
    carla.get_by_label("Medewerker die de dienst verleende").select_option("pieter")
    carla.get_by_role("button", name="Klacht registreren").click()
    expect(carla.locator(".melding--success")).to_contain_text("geregistreerd onder kenmerk KL-2026-0003")
    # Staff never see the link: the complainant finds it in the acknowledgement mail.
    expect(carla.get_by_role("button", name="Opnieuw versturen Klachtenformulier goedkeuren")).to_be_visible()
    approval_link = mailed_link(live_server.engine, "KL-2026-0003")

    # The complainant approves through the personal link and follows the status page.
    complainant = browsers.new().new_page()
    complainant.goto(approval_link)
    expect(complainant.get_by_text("Ik ben drie keer niet teruggebeld.")).to_be_visible()
    complainant.get_by_label("Ja", exact=True).check()
    complainant.get_by_role("button", name="Versturen").click()
    expect(complainant.get_by_role("heading", name="Bedankt voor uw antwoord")).to_be_visible()
    complainant.get_by_role("link", name="Bekijk hoe het met uw klacht staat").click()
    expect(complainant.locator(".melding--info")).to_contain_text("Nu: Bepalen wie uw klacht behandelt")

    # Yasmin (relationship manager) claims the assignment and picks Henk; Carla is not offered.
    yasmin = log_in(browsers.new(), "yasmin")
    yasmin.get_by_role("link", name="Taken voor mijn rollen").click()
    yasmin.get_by_role("button", name="Oppakken Klacht-afhandelaar bepalen KL-2026-0003").click()
    expect(yasmin.locator(".melding--success")).to_contain_text("opgepakt")
    open_task(yasmin, "Klacht-afhandelaar bepalen")
    handler = yasmin.get_by_label("Klacht-afhandelaar")
    expect(handler.locator("option[value=carla]")).to_have_count(0)
    handler.select_option("henk")
    yasmin.get_by_label("Toelichting voor de afhandelaar").fill("Graag vandaag nog bellen.")
    screenshot(yasmin, "form.png", full_page=True)
    submit(yasmin)

    # Henk (handler) sees his tasks, logs a contact attempt, resolves and reports.
    henk = log_in(browsers.new(), "henk")
    expect(henk.locator("tr.te-laat")).to_have_count(1)
    screenshot(henk, "inbox.png", full_page=True)
    henk.get_by_role("link", name="KL-2026-0003").click()
    henk.get_by_label("Hoe", exact=True).select_option("Telefoon")
    henk.get_by_label("Resultaat").select_option("Klager gesproken")
    henk.get_by_label("Wat is er besproken of geprobeerd?").fill(
        "Excuses aangeboden, terugbelafspraak gemaakt."
    )
    henk.get_by_role("button", name="Contact vastleggen").click()
    expect(henk.locator(".tijdlijn__item--contact")).to_contain_text("via Telefoon: Klager gesproken")
    henk.get_by_role("link", name="Openen Contact opnemen met klager").click()
    henk.get_by_label("Verslag van het contact").fill("Gebeld, excuses aangeboden.")
    henk.get_by_label("Direct opgelost").check()
    submit(henk)
    open_task(henk, "Afhandeling rapporteren")
    henk.get_by_label("Hoe is de klacht afgehandeld?").fill("Terugbelafspraak nagekomen.")
    henk.get_by_label("Nee", exact=True).check()
    submit(henk)

    # The complainant gets the satisfaction check link by mail and is satisfied.
    satisfaction_link = mailed_link(live_server.engine, "KL-2026-0003")
    complainant.goto(satisfaction_link)
    complainant.get_by_label("Ja", exact=True).check()
    complainant.get_by_role("button", name="Versturen").click()
    expect(complainant.get_by_role("heading", name="Bedankt voor uw antwoord")).to_be_visible()
    browsers.allow("410 (GONE)")
    complainant.goto(satisfaction_link)
    expect(complainant.get_by_role("heading", name="Al beantwoord")).to_be_visible()

    # Anna (auditor) reads the closed complaint and its history, and can change nothing.
    anna = log_in(browsers.new(), "anna")
    anna.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Klachten").click()
    anna.get_by_role("link", name="KL-2026-0003").click()
    expect(anna.locator(".samenvatting .status")).to_have_text("Afgesloten")
    expect(anna.locator(".stappen").first).to_contain_text("Henk Jansen")
    expect(anna.locator(".stappen").first).to_contain_text("De klager zelf")
    expect(anna.locator("form[action$='/opmerking']")).to_have_count(0)
    assert live_server.engine.instance("KL-2026-0003").status == "closed"
