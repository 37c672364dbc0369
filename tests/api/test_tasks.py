"""Tasks through the API: the caller's inbox, one task with its form, claim, release and
complete; the same rules as the task pages, and a clear 409 when someone was first."""

import pytest

from .conftest import complete, error_of, ready_task, register


def test_the_inbox_lists_the_callers_tasks_with_terms_and_pages(api):
    carla = api("carla")
    first, second = register(carla), register(carla, category="overig")
    page = carla.get("/tasks?scope=roles").json
    assert page["total"] == 2 and page["counts"]["roles"] == 2
    assert {t["reference"] for t in page["tasks"]} == {first, second}
    row = page["tasks"][0]
    assert row["task"] == "akkoord_klager" and row["summary"]["complainant_name"]
    assert carla.get("/tasks").json["total"] == 0  # nothing assigned to carla herself
    assert carla.get("/tasks?scope=roles&category=overig").json["tasks"][0]["reference"] == second
    assert len(carla.get("/tasks?scope=roles&per_page=1&page=2").json["tasks"]) == 1
    assert carla.get("/tasks?scope=roles&overdue=true").json["total"] == 0


@pytest.mark.parametrize(
    "query", ["scope=alles", "role=koning", "sort=random", "overdue=ja", "page=x", "per_page=0", "category=?"]
)
def test_bad_inbox_parameters_are_named(api, query):
    response = api("carla").get(f"/tasks?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in error_of(response)["fields"]


def test_one_task_comes_with_its_form_schema(api):
    carla = api("carla")
    task = ready_task(carla, register(carla), "akkoord_klager")
    shown = carla.get(f"/tasks/{task['id']}").json
    assert shown["form"] == "akkoord"
    assert shown["schema"]["required"] == ["approved"]
    assert shown["state"] == "ready"


def test_a_task_that_is_not_on_the_callers_list_does_not_open(api):
    carla = api("carla")
    task = ready_task(carla, register(carla), "akkoord_klager")
    response = api("anna").get(f"/tasks/{task['id']}")  # the auditor sees the complaint, not the form
    assert response.status_code == 403
    assert api("henk").get(f"/tasks/{task['id']}").status_code == 404  # henk may not see the complaint
    assert api("henk").get("/tasks/geen-taak").status_code == 404


def test_completing_with_wrong_data_names_the_fields_and_changes_nothing(api):
    carla = api("carla")
    reference = register(carla)
    response = complete(carla, reference, "akkoord_klager", approved="misschien", extra=1)
    assert response.status_code == 400
    error = error_of(response)
    assert error["fields"] == {
        "approved": "Kies ja of nee.",
        "extra": "Dit veld hoort niet bij dit formulier.",
    }
    assert ready_task(carla, reference, "akkoord_klager")["state"] == "ready"


def test_completing_moves_the_complaint_on(api):
    carla = api("carla")
    reference = register(carla)
    done = complete(carla, reference, "akkoord_klager", approved=True)
    assert done.status_code == 200
    assert done.json["state"] == "completed" and done.json["completed_by"] == "carla"
    assert [t["task"] for t in carla.get(f"/complaints/{reference}").json["tasks"]] == ["afhandelaar_bepalen"]


def test_a_task_completed_meanwhile_gives_a_conflict(api):
    carla = api("carla")
    task = ready_task(carla, register(carla), "akkoord_klager")
    assert carla.post(f"/tasks/{task['id']}/complete", {"approved": True}).status_code == 200
    again = api("yasmin").post(f"/tasks/{task['id']}/complete", {"approved": True})
    assert again.status_code == 409
    error = error_of(again)
    assert error["code"] == "task_completed" and "carla" in error["message"]


def test_an_auditor_never_acts(api):
    carla, anna = api("carla"), api("anna")
    reference = register(carla)
    task = ready_task(carla, reference, "akkoord_klager")
    for action in ("claim", "release", "complete"):
        response = anna.post(f"/tasks/{task['id']}/{action}", {"approved": True})
        assert response.status_code == 403, action
        assert error_of(response)["code"] == "forbidden"
    assert ready_task(carla, reference, "akkoord_klager")["state"] == "ready"


def test_claiming_and_releasing_a_group_task(api):
    carla, yasmin = api("carla"), api("yasmin")
    reference = register(carla)
    complete(carla, reference, "akkoord_klager", approved=True)
    task = ready_task(yasmin, reference, "afhandelaar_bepalen")
    claimed = yasmin.post(f"/tasks/{task['id']}/claim")
    assert claimed.status_code == 200
    assert claimed.json["assignee"] == "yasmin" and claimed.json["claimed"] is True
    assert yasmin.get("/tasks").json["total"] == 1
    twice = yasmin.post(f"/tasks/{task['id']}/claim")
    assert twice.status_code == 403 and "opgepakt" in error_of(twice)["message"]
    released = yasmin.post(f"/tasks/{task['id']}/release")
    assert released.status_code == 200 and released.json["assignee"] is None


def test_a_task_of_another_role_cannot_be_claimed(api):
    carla = api("carla")
    reference = register(carla, service_employee="onbekend")
    complete(carla, reference, "akkoord_klager", approved=True)
    task = ready_task(api("yasmin"), reference, "afhandelaar_bepalen")
    response = carla.post(f"/tasks/{task['id']}/claim")
    assert response.status_code == 403


def test_the_handler_rule_of_the_form_is_kept(api):
    carla, yasmin = api("carla"), api("yasmin")
    reference = register(carla, service_employee="henk")
    complete(carla, reference, "akkoord_klager", approved=True)
    response = complete(yasmin, reference, "afhandelaar_bepalen", handler="henk")
    assert response.status_code == 400
    assert "verleende de dienst" in error_of(response)["fields"]["handler"]
