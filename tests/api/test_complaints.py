"""Complaints through the API: register with the registration form, list with filters and pages,
one complaint with its open tasks, terms and handler, its history; the same rules as the web."""

import pytest

from .conftest import REGISTRATION, complete, error_of, register


def test_registering_a_complaint_answers_with_its_reference_and_open_tasks(api):
    response = api("carla").post("/complaints", REGISTRATION)
    assert response.status_code == 201
    body = response.json
    assert body["reference"].startswith("KL-")
    assert body["visible"] is True and body["status"] == "open"
    assert [t["task"] for t in body["tasks"]] == ["akkoord_klager"]
    assert response.headers["Location"] == body["url"] == f"/api/v1/complaints/{body['reference']}"


def test_an_incomplete_registration_names_each_wrong_field(api, engine):
    response = api("carla").post("/complaints", {"description": "", "channel": "fax", "kleur": "rood"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_data"
    assert error["fields"]["complainant_name"] == "Dit veld is verplicht."
    assert error["fields"]["channel"].startswith("Kies een van de mogelijkheden")
    assert error["fields"]["kleur"] == "Dit veld hoort niet bij dit formulier."
    assert engine.instances("klachtafhandeling") == []


@pytest.mark.parametrize("login", ["anna", "henk", "pieter", "bram"])
def test_only_contact_persons_and_relationship_managers_register(api, engine, login):
    response = api(login).post("/complaints", REGISTRATION)
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    assert engine.instances("klachtafhandeling") == []


def test_one_complaint_shows_status_data_handler_and_open_tasks_with_terms(api):
    carla, yasmin = api("carla"), api("yasmin")
    reference = register(carla, service_employee="onbekend")
    assert complete(carla, reference, "akkoord_klager", approved=True).status_code == 200
    assert complete(yasmin, reference, "afhandelaar_bepalen", handler="henk").status_code == 200

    complaint = api("henk").get(f"/complaints/{reference}").json
    assert complaint["status"] == "open" and complaint["status_label"] == "In behandeling"
    assert complaint["data"]["complainant_name"] == REGISTRATION["complainant_name"]
    assert complaint["handler"] == {
        "login": "henk",
        "name": "Henk Jansen",
        "function": "Procesverantwoordelijke",
    }
    (contact,) = [t for t in complaint["tasks"] if t["task"] == "contact_opnemen"]
    assert contact["due"].startswith("2026-12-02T23:59:59")  # two working days after Monday 30 Nov


def test_another_users_complaint_is_not_found(api):
    reference = register(api("carla"), service_employee="onbekend")
    henk = api("henk")
    for path in (f"/complaints/{reference}", f"/complaints/{reference}/history", f"/instances/{reference}"):
        response = henk.get(path)
        assert response.status_code == 404, path
        assert REGISTRATION["complainant_name"] not in response.get_data(as_text=True)
    assert henk.get("/complaints").json["total"] == 0


@pytest.mark.parametrize(("login", "status"), [("carla", 404), ("henk", 404), ("yasmin", 200), ("anna", 200)])
def test_discrimination_complaints_are_seen_by_few(api, login, status):
    reference = register(api("yasmin"), category="discriminatie", service_employee="onbekend")
    assert api(login).get(f"/complaints/{reference}").status_code == status


def test_registering_a_discrimination_complaint_hides_it_from_its_registrar(api):
    response = api("carla").post("/complaints", {**REGISTRATION, "category": "discriminatie"})
    assert response.status_code == 201
    assert response.json["visible"] is False and response.json["tasks"] == []
    assert api("carla").get(response.json["url"].removeprefix("/api/v1")).status_code == 404


def test_the_list_filters_by_status_and_category_and_pages_newest_first(api):
    yasmin = api("yasmin")
    references = [
        register(yasmin, category=kind) for kind in ("dienstverlening", "overig", "dienstverlening")
    ]
    everything = yasmin.get("/complaints").json
    assert [c["reference"] for c in everything["complaints"]] == references[::-1]
    services = yasmin.get("/complaints?category=dienstverlening").json
    assert services["total"] == 2 and {c["category"] for c in services["complaints"]} == {"dienstverlening"}
    assert yasmin.get("/complaints?status=closed").json["total"] == 0
    second = yasmin.get("/complaints?per_page=2&page=2").json
    assert second["total"] == 3 and [c["reference"] for c in second["complaints"]] == [references[0]]


@pytest.mark.parametrize(
    "query", ["status=weg", "category=fraude", "page=0", "page=-1", "per_page=201", "page=1e3", "page=９"]
)
def test_bad_list_parameters_are_named(api, query):
    response = api("yasmin").get(f"/complaints?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in error_of(response)["fields"]


def test_the_history_tells_what_happened(api):
    carla = api("carla")
    reference = register(carla)
    complete(carla, reference, "akkoord_klager", approved=True)
    events = carla.get(f"/complaints/{reference}/history").json["events"]
    assert events[0]["event"] == "started" and events[0]["actor"] == "carla"
    (approval,) = [e for e in events if e["event"] == "task_completed"]
    assert approval["actor"] == "carla" and approval["on_behalf_of"] == "klager"
    assert approval["data_after"] == {"approved": True}


def test_an_instance_of_another_process_is_no_complaint(api, engine):
    engine.clock.set(engine.clock.now().replace(year=2027, month=1, day=1))
    (quarterly,) = engine.fire_due_timers()
    response = api("yasmin").get(f"/complaints/{quarterly.reference}")
    assert response.status_code == 404
    assert api("yasmin").get(f"/instances/{quarterly.reference}").status_code == 200


def test_looking_at_a_discrimination_complaint_is_recorded_as_on_the_web(api, engine):
    reference = register(api("yasmin"), category="discriminatie", service_employee="onbekend")
    assert api("anna").get(f"/complaints/{reference}").status_code == 200
    assert api("anna").get(f"/instances/{reference}").status_code == 200
    viewed = [e for e in engine.history(reference) if e.event == "viewed"]
    assert [(e.actor, e.details["page"]) for e in viewed] == [
        ("anna", f"/api/v1/complaints/{reference}"),
        ("anna", f"/api/v1/instances/{reference}"),
    ]
    ordinary = register(api("yasmin"))
    assert api("anna").get(f"/complaints/{ordinary}").status_code == 200
    assert all(e.event != "viewed" for e in engine.history(ordinary))
