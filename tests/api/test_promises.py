"""The API refuses the service employee acting in their own complaint, naming the rule."""

from process.rules import OWN_COMPLAINT

from .conftest import register


def test_the_api_refuses_the_service_employee_with_the_rule(api, engine):
    ref = register(api("carla"), service_employee="carla")
    [task] = [t for t in engine.tasks(reference=ref)]
    response = api("carla").post(f"/tasks/{task.id}/complete", {"approved": True})
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == OWN_COMPLAINT
