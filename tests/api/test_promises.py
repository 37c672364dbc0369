"""The API refuses the service employee acting in their own complaint, naming the rule."""

from process.rules import OWN_COMPLAINT

from .conftest import register


def test_the_api_refuses_the_service_employee_with_the_rule(api, engine):
    ref = register(api("carla"), service_employee="carla")
    [task] = [t for t in engine.tasks(reference=ref)]
    response = api("carla").post(f"/tasks/{task.id}/complete", {"approved": True})
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == OWN_COMPLAINT


def test_the_relationship_manager_reassigns_through_the_api(api, engine):
    ref = register(api("carla"), service_employee="onbekend")
    for bpmn_id, actor, data in (
        ("akkoord_klager", "carla", {"approved": True}),
        ("afhandelaar_bepalen", "yasmin", {"handler": "henk"}),
    ):
        [task] = [t for t in engine.tasks(reference=ref) if t.bpmn_id == bpmn_id]
        engine.complete_task(task.id, actor, data)
    refused = api("henk").post(f"/complaints/{ref}/reassign", {"handler": "yasmin", "reason": "Ik wil niet"})
    assert refused.status_code == 403
    wrong = api("yasmin").post(f"/complaints/{ref}/reassign", {"handler": "carla", "reason": ""})
    assert wrong.status_code == 400 and set(wrong.get_json()["error"]["fields"]) == {"handler", "reason"}
    done = api("yasmin").post(f"/complaints/{ref}/reassign", {"handler": "yasmin", "reason": "Henk is ziek"})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["handler"]["login"] == "yasmin"
    assert [t["assignee"] for t in done.get_json()["tasks"]] == ["yasmin"]
