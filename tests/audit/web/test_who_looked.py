"""Who looked: viewing a discrimination complaint, on any page that shows it, is recorded in the
audit trail, and auditors see those views; other complaints are not recorded."""

import lxml.html

from tests.web.conftest import ready

from ..walk import midway


def viewings(client) -> list[list[str]]:
    tree = lxml.html.fromstring(client.get("/audit/inzage").get_data(as_text=True))
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("td")]
        for row in tree.xpath("//table[contains(@class, 'inzage')]/tbody/tr")
    ]


def test_looking_at_a_discrimination_complaint_is_recorded(as_user, engine):
    reference = midway(engine, "yasmin", category="discriminatie", service_employee="onbekend")
    yasmin, anna = as_user("yasmin"), as_user("anna")
    assert yasmin.get(f"/klachten/{reference}").status_code == 200
    task = ready(engine, reference, "tevredenheid_controleren")
    assert yasmin.get(f"/taken/{task.id}").status_code == 200
    assert anna.get(f"/audit/klachten/{reference}").status_code == 200
    seen = viewings(anna)
    assert [row[1:] for row in seen] == [
        ["Anna Visser, Auditor", reference, f"/audit/klachten/{reference}"],
        ["Yasmin Asrafali, Relatiemanager", reference, f"/taken/{task.id}"],
        ["Yasmin Asrafali, Relatiemanager", reference, f"/klachten/{reference}"],
    ]
    assert seen[0][0] == "3 december 2026, 14:00"
    views = [e for e in engine.history(reference) if e.event == "viewed"]
    assert [e.actor for e in views] == ["yasmin", "yasmin", "anna"]
    assert engine.verify_audit(reference).intact
    history = anna.get(f"/audit/klachten/{reference}").get_data(as_text=True)
    assert "Klacht ingezien" in history and "wie haar inziet, wordt vastgelegd" in history


def test_looking_at_other_complaints_is_not_recorded(as_user, engine):
    reference = midway(engine)
    for login in ("carla", "yasmin", "anna"):
        as_user(login).get(f"/klachten/{reference}")
    as_user("anna").get(f"/audit/klachten/{reference}")
    assert [e for e in engine.history(reference) if e.event == "viewed"] == []
    assert viewings(as_user("anna")) == []


def test_a_refused_look_is_not_a_view(as_user, engine):
    reference = midway(engine, "yasmin", category="discriminatie", service_employee="onbekend")
    assert as_user("carla").get(f"/klachten/{reference}").status_code == 404
    assert as_user("henk").get(f"/audit/klachten/{reference}").status_code == 403
    assert [e for e in engine.history(reference) if e.event == "viewed"] == []
