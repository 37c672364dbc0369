"""Processes through the API: deployed definitions with their versions, and running any deployed
diagram; the benchmark's three_user_tasks runs in 11 requests per instance."""

import pytest

from bench.http import DIAGRAM as BENCH_DIAGRAM
from engine.clock import FixedClock
from engine.db import Database
from engine.plugin import ProcessPlugin
from engine.workflow_engine import Engine
from webforms import create_app

from .conftest import MONDAY_MORNING, REGISTRATION, ApiClient, error_of


@pytest.fixture
def bench_api(settings, engine):
    """The API on an engine without this procedure's plug-ins, with three_user_tasks deployed.

    The procedure's plug-in refuses user tasks without a lane or form (issue 5), so a diagram
    without either runs on an engine built for any BPMN, as the engine is meant to be used."""
    generic = Engine(Database(settings.database_url), ProcessPlugin(), FixedClock(MONDAY_MORNING))
    generic.deploy(BENCH_DIAGRAM.read_bytes(), actor="pieter")
    app = create_app(settings, generic)
    yield lambda login: ApiClient(app.test_client(), generic.create_token(login).secret)
    generic.db.dispose()


def test_the_deployed_processes_with_their_versions(bench_api):
    processes = {p["process_id"]: p for p in bench_api("henk").get("/processes").json["processes"]}
    assert {"klachtafhandeling", "kwartaalrapportage", "three_user_tasks"} <= set(processes)
    bench = processes["three_user_tasks"]
    assert bench["latest_version"] == 1 and bench["name"] == "Three user tasks"
    assert bench["versions"][0]["deployed_by"] == "pieter"


def test_three_user_tasks_runs_through_the_api_in_eleven_requests(bench_api):
    henk = bench_api("henk")
    requests = 0

    def call(method, path, json=None):
        nonlocal requests
        requests += 1
        response = henk.post(path, json) if method == "POST" else henk.get(path)
        assert response.status_code in (200, 201), (path, response.json)
        return response.json

    started = call("POST", "/processes/three_user_tasks/instances", {})
    reference = started["reference"]
    assert [t["task"] for t in started["tasks"]] == ["task_a"]
    for expected in ("task_a", "task_b", "task_c"):
        (task,) = call("GET", f"/instances/{reference}/tasks")["tasks"]
        assert task["task"] == expected
        shown = call("GET", f"/tasks/{task['id']}")
        assert shown["schema"] is None and shown["state"] == "ready"
        done = call("POST", f"/tasks/{task['id']}/complete", {})
        assert done["state"] == "completed"
    final = call("GET", f"/instances/{reference}/tasks")
    assert final == {"reference": reference, "status": "closed", "tasks": []}
    assert requests == 11


def test_a_roleless_task_opens_for_anyone_the_engine_lets_complete_it(bench_api):
    started = bench_api("henk").post("/processes/three_user_tasks/instances", {}).json
    (task,) = started["tasks"]
    assert task["roles"] == [] and task["assignee"] is None
    assert bench_api("carla").get(f"/tasks/{task['id']}").status_code == 200


def test_starting_a_complaint_as_a_process_keeps_the_complaint_rules(api, engine):
    assert api("henk").post("/processes/klachtafhandeling/instances", REGISTRATION).status_code == 403
    invalid = api("carla").post("/processes/klachtafhandeling/instances", {})
    assert invalid.status_code == 400 and "description" in error_of(invalid)["fields"]
    assert api("carla").post("/processes/klachtafhandeling/instances", REGISTRATION).status_code == 201


def test_an_unknown_process_is_not_found_and_a_timed_one_is_not_started_by_hand(api):
    unknown = api("yasmin").post("/processes/bestaat-niet/instances", {})
    assert unknown.status_code == 404 and error_of(unknown)["code"] == "not_found"
    timed = api("yasmin").post("/processes/kwartaalrapportage/instances", {})
    assert timed.status_code == 403 and "vanzelf" in error_of(timed)["message"]
