"""The issue's 'done when', as a new user would do it: make a token on the web page, register a
complaint with it, find it in the inbox, and complete every task through the API until the
complaint is closed; every answer on the way is as the OpenAPI document says."""

import re

import pytest

from webforms.api.openapi import document

from .conftest import REGISTRATION, ApiClient, conforms, error_of

TOKEN = re.compile(r"kl_[A-Za-z0-9_-]{40,}")


@pytest.fixture
def spec(engine):
    return document(engine.plugin.forms)


def token_from_the_page(as_user, login) -> str:
    page = as_user(login).post("/api-tokens/", {"name": "curl"}).get_data(as_text=True)
    return TOKEN.search(page).group(0)


def test_a_new_user_runs_a_complaint_to_its_end_through_the_api(app, as_user, spec):
    carla, yasmin, henk = (
        ApiClient(app.test_client(), token_from_the_page(as_user, login))
        for login in ("carla", "yasmin", "henk")
    )

    def do(client, method, template, path, body=None, status=200):
        response = client.post(path, body) if method == "POST" else client.get(path)
        conforms(spec, method, template, response)
        assert response.status_code == status, response.get_json()
        return response.get_json()

    registered = do(
        carla, "POST", "/complaints", "/complaints", {**REGISTRATION, "service_employee": "onbekend"}, 201
    )
    reference = registered["reference"]

    def next_task(client, bpmn_id):
        inbox = (
            do(client, "GET", "/tasks", "/tasks?scope=roles")["tasks"]
            + do(client, "GET", "/tasks", "/tasks")["tasks"]
        )
        (task,) = [t for t in inbox if t["reference"] == reference and t["task"] == bpmn_id]
        shown = do(client, "GET", "/tasks/{task_id}", f"/tasks/{task['id']}")
        assert shown["schema"]["type"] == "object"
        return task["id"]

    def complete(client, bpmn_id, **answers):
        task_id = next_task(client, bpmn_id)
        return do(client, "POST", "/tasks/{task_id}/complete", f"/tasks/{task_id}/complete", answers)

    wrong = carla.post(f"/tasks/{next_task(carla, 'akkoord_klager')}/complete", {})
    conforms(spec, "POST", "/tasks/{task_id}/complete", wrong)
    assert error_of(wrong)["fields"] == {"approved": "Dit veld is verplicht."}

    complete(carla, "akkoord_klager", approved=True)
    claimed = do(
        yasmin, "POST", "/tasks/{task_id}/claim", f"/tasks/{next_task(yasmin, 'afhandelaar_bepalen')}/claim"
    )
    assert claimed["assignee"] == "yasmin"
    complete(yasmin, "afhandelaar_bepalen", handler="henk")
    complete(henk, "contact_opnemen", contact_summary="Gebeld, excuses aangeboden.", outcome="opgelost")
    complete(
        henk, "afhandeling_rapporteren", resolution="Terugbelafspraak nagekomen.", procedure_change=False
    )
    complete(carla, "tevredenheid_controleren", satisfied=True)

    closed = do(henk, "GET", "/complaints/{reference}", f"/complaints/{reference}")
    assert closed["status"] == "closed" and closed["tasks"] == []
    assert closed["handler"]["login"] == "henk"
    history = do(henk, "GET", "/complaints/{reference}/history", f"/complaints/{reference}/history")
    assert history["events"][-1]["event"] in ("closed", "process_completed", "task_completed", "completed")
    listing = do(yasmin, "GET", "/complaints", "/complaints?status=closed")
    assert [c["reference"] for c in listing["complaints"]] == [reference]


def test_other_answers_are_as_documented_too(api, engine, spec):
    yasmin = api("yasmin")
    conforms(spec, "GET", "/me", yasmin.get("/me"))
    conforms(spec, "GET", "/processes", yasmin.get("/processes"))
    conforms(spec, "GET", "/reports/{period}", yasmin.get("/reports/2026Q4"))
    filed = api().post(
        "/public/complaints",
        {k: v for k, v in REGISTRATION.items() if k != "channel" and k != "service_employee"},
    )
    conforms(spec, "POST", "/public/complaints", filed)
    status = api().get(f"/public/status/{filed.json['status_token']}")
    conforms(spec, "GET", "/public/status/{token}", status)
    conforms(spec, "GET", "/instances/{reference}", yasmin.get(f"/instances/{filed.json['reference']}"))
    conforms(
        spec, "GET", "/instances/{reference}/tasks", yasmin.get(f"/instances/{filed.json['reference']}/tasks")
    )
    conforms(
        spec, "GET", "/complaints/{reference}", api("henk").get(f"/complaints/{filed.json['reference']}")
    )
    conforms(spec, "GET", "/me", api().get("/me"))
