"""The auditor's history of one complaint: after the loop and an escalation, every event is in the
timeline with names, functions and Amsterdam times, the terms are judged right, the diagram gets
its markers, and an edit of the audit table behind the engine's back shows on the page."""

import json
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import text

from ..walk import closed, midway

STATIC = Path(__file__).resolve().parents[3] / "webforms" / "static"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.get_data(as_text=True))


def texts(tree, xpath) -> list[str]:
    """The text of each node found, its parts (cells, inline elements) separated by one space."""
    return [" ".join(" ".join(node.itertext()).split()) for node in tree.xpath(xpath)]


@pytest.fixture
def reference(engine):
    return closed(engine)


def test_every_event_is_in_the_timeline_with_who_when_and_what(as_user, engine, reference):
    tree = page(as_user("anna"), f"/audit/klachten/{reference}")
    items = texts(tree, "//li[contains(@class, 'gebeurtenis')]")
    assert len(items) == len(engine.history(reference))
    titles = texts(tree, "//li[contains(@class, 'gebeurtenis')]//strong")
    assert titles[0] == "Klacht geregistreerd"
    assert "Termijn verstreken, escalatie: Contacttermijn verstreken (2 werkdagen)" in titles
    assert "Bericht verstuurd: ontvangstbevestiging" in titles
    assert titles.count("Afgerond: Tevredenheidscheck") == 2
    assert titles[-1] == "Klacht afgesloten"
    approval = next(i for i in items if i.startswith("Afgerond: Klachtenformulier goedkeuren"))
    assert "30 november 2026, 09:00 · Carla de Vries, Accountmanager, namens de klager" in approval
    assignment = next(i for i in items if i.startswith("Afgerond: Klacht-afhandelaar bepalen"))
    assert "30 november 2026, 10:00 · Yasmin Asrafali, Relatiemanager" in assignment
    assert "Klacht-afhandelaar Was Werd" not in assignment and "Yasmin Asrafali" in assignment
    escalation = next(i for i in items if i.startswith("Termijn verstreken, escalatie"))
    assert "3 december 2026, 09:00 · Automatisch" in escalation
    assert "De termijn liep tot 2 december 2026, 23:59" in escalation
    # The second check changed the answer of the first: shown as before and after.
    second_check = [i for i in tree.xpath("//li") if "Afgerond: Tevredenheidscheck" in i.text_content()][1]
    rows = texts(second_check, ".//table[contains(@class, 'wijzigingen--vervangen')]//tbody/tr")
    assert rows == ["De klacht is naar tevredenheid opgelost Nee Ja"]


def test_terms_are_shown_with_due_moments_and_outcomes(as_user, reference):
    tree = page(as_user("anna"), f"/audit/klachten/{reference}")
    assert texts(tree, "//tr[contains(@class, 'termijn ')]") == [
        "Contact met de klager (2 werkdagen) 2 december 2026, 23:59 3 december 2026, 11:00 niet gehaald",
        "Tevredenheidscheck (5 werkdagen) 10 december 2026, 23:59 4 december 2026, 10:00 gehaald",
        "Klacht alsnog oplossen (2 werkdagen) 8 december 2026, 23:59 7 december 2026, 15:00 gehaald",
        "Tevredenheidscheck (5 werkdagen) ronde 2 14 december 2026, 23:59 8 december 2026, 09:00 gehaald",
    ]


def test_the_diagram_gets_the_path_of_the_complaint(as_user, engine, reference):
    tree = page(as_user("anna"), f"/audit/klachten/{reference}")
    diagram = json.loads(tree.xpath("//script[@id='diagram-gegevens']")[0].text)
    assert diagram["xml"] == "/audit/diagram/1.bpmn"
    markers = diagram["markers"]
    assert markers["pad-termijn-verstreken"] == ["termijn_contact"]
    assert markers["pad-actief"] == []
    assert {"akkoord_klager", "opnieuw_oplossen", "escalatie_contact", "klacht_gesloten"} <= set(
        markers["pad-afgerond"]
    )
    assert "Flow_tevreden_nee" in markers["pad-gevolgd"]
    xml = as_user("anna").get(diagram["xml"])
    assert xml.status_code == 200 and b'id="opnieuw_oplossen"' in xml.data


def test_the_page_shows_the_chain_and_an_edit_in_the_database(as_user, engine, reference):
    anna = as_user("anna")
    assert texts(page(anna, f"/audit/klachten/{reference}"), "//p[contains(@class, 'keten')]/strong") == [
        "Audittrail intact."
    ]
    edited = engine.audit_entries(reference)[5].id
    with engine.db.writer.begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = 'henk' WHERE id = :id"), {"id": edited})
    [broken] = texts(page(anna, f"/audit/klachten/{reference}"), "//p[contains(@class, 'keten--gebroken')]")
    assert f"Audittrail gebroken bij gebeurtenis {edited}" in broken
    assert "gewijzigd na het vastleggen" in broken


def test_the_history_as_json(as_user, engine, reference):
    response = as_user("anna").get(f"/audit/klachten/{reference}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert f'filename="{reference}-geschiedenis.json"' in response.headers["Content-Disposition"]
    body = response.get_json()
    assert body["reference"] == reference and body["status"] == "closed"
    assert body["chain"] == {
        "intact": True,
        "events": len(body["events"]),
        "broken_event": None,
        "reason": None,
    }
    assert [t["outcome"] for t in body["terms"]] == ["missed", "met", "met", "met"]
    approval = next(
        e for e in body["events"] if e["step"] == "akkoord_klager" and e["event"] == "task_completed"
    )
    assert approval["actor_name"] == "Carla de Vries" and approval["on_behalf_of"] == "klager"
    assert approval["at"] == "2026-11-30T09:00:00+01:00"
    assert any(e["event"] == "message_sent" for e in body["events"])
    assert body["path"]["timers_fired"] == ["termijn_contact"]


def test_the_printable_history(as_user, reference):
    response = as_user("anna").get(f"/audit/klachten/{reference}/afdrukken")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "/static/audit/audit.css" in html and "bpmn-navigated-viewer" not in html
    tree = lxml.html.fromstring(html)
    assert len(tree.xpath("//li[contains(@class, 'gebeurtenis')]")) > 10
    assert tree.xpath("//a[contains(@href, '/stand/')]") == []
    assert "@media print" in (STATIC / "audit" / "audit.css").read_text()


def test_the_data_as_it_was_after_a_past_step(as_user, engine, reference):
    first_check = next(
        e.id
        for e in engine.audit_entries(reference)
        if e.bpmn_id == "tevredenheid_controleren" and e.event == "task_completed"
    )
    tree = page(as_user("anna"), f"/audit/klachten/{reference}/stand/{first_check}")
    rows = texts(tree, "//table[contains(@class, 'stand')]/tbody/tr")
    assert "De klacht is naar tevredenheid opgelost Nee Ja" in rows
    assert "Wat is er gedaan om de klacht alsnog op te lossen?" not in " ".join(rows)
    assert as_user("anna").get(f"/audit/klachten/{reference}/stand/999999").status_code == 404


@pytest.mark.parametrize(("login", "status"), [("anna", 200), ("yasmin", 200), ("carla", 403), ("henk", 403)])
def test_only_auditors_and_the_relationship_manager_read_histories(as_user, engine, login, status):
    reference = midway(engine)
    user = as_user(login)
    for url in [
        f"/audit/klachten/{reference}",
        f"/audit/klachten/{reference}/export.json",
        f"/audit/klachten/{reference}/afdrukken",
        "/audit/klachten",
        "/audit/klachten.csv",
        "/audit/inzage",
    ]:
        assert user.get(url).status_code == status, url
    link = "/audit/klachten/" + reference
    assert (link in user.get(f"/klachten/{reference}").get_data(as_text=True)) == (status == 200)
