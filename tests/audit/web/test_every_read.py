"""Every read of a sensitive complaint is a view (issue 16.7): document downloads, API reads of
tasks, the auditor's CSV export, as well as pages; recorded by the engine, once per request."""

from tests.api.conftest import ApiClient
from tests.web.conftest import ready, register


def views(engine, reference) -> list[tuple[str, str]]:
    return [(e.actor, e.details["page"]) for e in engine.history(reference) if e.event == "viewed"]


def test_downloading_a_document_of_a_discrimination_complaint_is_a_view(as_user, engine):
    reference = register(engine, category="discriminatie", service_employee="onbekend")
    added = engine.attach_document(reference, "yasmin", "brief.txt", "text/plain", b"Vertrouwelijk")
    path = f"/klachten/{reference}/documenten/{added.id}"
    before = views(engine, reference)
    assert as_user("yasmin").get(path).status_code == 200
    assert views(engine, reference)[len(before) :] == [("yasmin", path)]


def test_api_task_reads_and_the_csv_export_are_views(app, as_user, engine):
    reference = register(engine, category="discriminatie", service_employee="onbekend")
    ordinary = register(engine)
    task = ready(engine, reference, "akkoord_klager")
    token = engine.create_token("yasmin", "test").secret
    assert ApiClient(app.test_client(), token).get(f"/tasks/{task.id}").status_code == 200
    assert views(engine, reference) == [("yasmin", f"/api/v1/tasks/{task.id}")]
    assert as_user("anna").get("/audit/klachten.csv").status_code == 200
    assert views(engine, reference)[-1] == ("anna", "/audit/klachten.csv")
    assert views(engine, ordinary) == []
    assert engine.verify_audit(reference).intact


def test_one_page_is_one_view_and_a_refusal_none(as_user, engine):
    reference = register(engine, category="discriminatie", service_employee="onbekend")
    task = ready(engine, reference, "akkoord_klager")
    assert as_user("yasmin").get(f"/taken/{task.id}").status_code == 200
    assert views(engine, reference) == [("yasmin", f"/taken/{task.id}")]
    assert as_user("henk").get(f"/taken/{task.id}").status_code == 404
    assert len(views(engine, reference)) == 1
