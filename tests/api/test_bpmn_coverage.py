"""Through the API, a task inside a subprocess is completed (it was refused with 409 before), and
a deployed diagram that fails while it runs gives a Dutch 422, never a 500."""

from tests.diagrams import drawn, load

from .conftest import error_of

FAILING = drawn(
    b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">'
    b'<bpmn:process id="deelt_door_nul" isExecutable="true"><bpmn:startEvent id="s"/>'
    b'<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="delen"/>'
    b'<bpmn:scriptTask id="delen" name="Delen"><bpmn:script>x = 1 / 0</bpmn:script></bpmn:scriptTask>'
    b'<bpmn:sequenceFlow id="b" sourceRef="delen" targetRef="e"/><bpmn:endEvent id="e"/>'
    b"</bpmn:process></bpmn:definitions>"
)


def test_a_task_inside_a_subprocess_is_completed_through_the_api(api, engine):
    engine.deploy(load("subprocess"), actor="pieter")
    yasmin = api("yasmin")
    started = yasmin.post("/processes/met_deelproces/instances", {})
    assert started.status_code == 201, started.json
    [inner] = started.json["tasks"]
    assert inner["task"] == "binnen" and inner["due"] is not None
    done = yasmin.post(f"/tasks/{inner['id']}/complete", {})
    assert done.status_code == 200, done.json
    [after] = yasmin.get(f"/instances/{started.json['reference']}/tasks").json["tasks"]
    assert after["task"] == "na"


def test_a_diagram_failing_while_it_starts_is_a_dutch_422(api, engine):
    engine.deploy(FAILING, actor="pieter")
    response = api("yasmin").post("/processes/deelt_door_nul/instances", {})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "process_failure"
    assert error["message"].startswith("Het proces liep vast bij 'Delen' (delen): een deling door nul.")
