"""A loop's finished rounds are forgotten from the task tree: state and step time do not grow with
history, while the audit trail, the data and the instance's path keep what happened."""

from datetime import timedelta
from io import BytesIO

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

from bench.common import HAPPY_PATH, RE_RESOLVE
from bench.common import UNSATISFIED as UNSATISFIED_STEP
from bench.lifecycle import BareSpiff
from engine.compaction import compact
from engine.models import Instance

from .conftest import fresh_engine

UNSATISFIED = {"satisfied": False, "satisfaction_remarks": "Nog niet"}


def _state_size(engine, reference) -> int:
    with engine.db.read() as session:
        return len(session.scalar(select(Instance.state).where(Instance.reference == reference)))


def _to_satisfaction_check(procedure, ref):
    procedure.do(ref, "akkoord_klager", "carla", approved=True)
    procedure.do(ref, "afhandelaar_bepalen", "yasmin", handler="yasmin")
    procedure.do(ref, "contact_opnemen", "yasmin", contact_summary="Gebeld.", outcome="opgelost")
    procedure.do(ref, "afhandeling_rapporteren", "yasmin", resolution="Opgelost.", procedure_change=False)


def test_the_unsatisfied_loop_does_not_grow_the_state(procedure, engine):
    ref = procedure.register()
    _to_satisfaction_check(procedure, ref)
    sizes = []
    for round_ in range(1, 13):
        procedure.do(ref, "tevredenheid_controleren", "carla", **UNSATISFIED)
        procedure.do(ref, "opnieuw_oplossen", "yasmin", re_resolution=f"Ronde {round_}")
        sizes.append(_state_size(engine, ref))

    # Without compaction every round adds about 1,500 bytes of tasks; now the size stays in the
    # band of the first rounds (it varies with where the last cut fell).
    assert max(sizes[4:]) <= max(sizes[:4]) + 100, sizes
    assert procedure.ready(ref) == ["tevredenheid_controleren"]
    assert engine.instance(ref).data["re_resolution"] == "Ronde 12"
    assert len(procedure.events(ref, "task_completed")) == 4 + 2 * 12
    assert engine.verify_audit(ref).intact

    procedure.do(ref, "tevredenheid_controleren", "carla", satisfied=True)
    closed = engine.instance(ref)
    assert closed.status == "closed" and closed.data["satisfied"] is True


def test_the_path_still_shows_an_escalation_of_an_earlier_round(procedure, engine, db_url):
    ref = procedure.register()
    _to_satisfaction_check(procedure, ref)
    # Round 1: the complainant is not asked in time, the satisfaction term passes (escalation).
    later = fresh_engine(db_url, engine.clock.now() + timedelta(days=30))
    fired = [f.element for f in later.fire_due_timers()]
    assert "termijn_tevredenheid" in fired
    procedure.engine = later
    procedure.do(ref, "escalatie_tevredenheid", "yasmin", escalation_action="Afhandelaar aangesproken.")
    procedure.do(ref, "tevredenheid_controleren", "carla", **UNSATISFIED)
    procedure.do(ref, "opnieuw_oplossen", "yasmin", re_resolution="Ronde 1")
    for round_ in range(2, 5):
        procedure.do(ref, "tevredenheid_controleren", "carla", **UNSATISFIED)
        procedure.do(ref, "opnieuw_oplossen", "yasmin", re_resolution=f"Ronde {round_}")

    path = later.instance_path(ref)
    assert "termijn_tevredenheid" in path.timers_fired
    assert "escalatie_tevredenheid" in path.completed
    assert {"opnieuw_oplossen", "gw_tevreden"} <= set(path.completed)
    assert path.active == ("tevredenheid_controleren",)
    later.db.dispose()


# -- the rule itself, on SpiffWorkflow alone ------------------------------------------------------

LOOPS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="parallel_loop" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split" />
    <bpmn:parallelGateway id="split" />
    <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="left" />
    <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="right" />
    <bpmn:userTask id="left" />
    <bpmn:userTask id="right" />
    <bpmn:sequenceFlow id="f4" sourceRef="left" targetRef="join" />
    <bpmn:sequenceFlow id="f5" sourceRef="right" targetRef="join" />
    <bpmn:parallelGateway id="join" />
    <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="again" />
    <bpmn:exclusiveGateway id="again" default="f8" />
    <bpmn:sequenceFlow id="f7" sourceRef="again" targetRef="split">
      <bpmn:conditionExpression>more</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f8" sourceRef="again" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
"""


def _workflow(process_id):
    parser = SpiffBpmnParser()
    parser.add_bpmn_io(BytesIO(LOOPS.encode()), "loops.bpmn")
    workflow = BpmnWorkflow(parser.get_spec(process_id), parser.get_subprocess_specs(process_id))
    workflow.do_engine_steps()
    return workflow


def _run(workflow, bpmn_id, compacted=True, **data):
    task = workflow.get_next_task(state=TaskState.READY, spec_name=bpmn_id)
    assert task is not None, _ready(workflow)
    task.set_data(**data)
    task.run()
    workflow.do_engine_steps()
    if compacted:
        compact(workflow)


def _ready(workflow):
    return sorted(t.task_spec.name for t in workflow.get_tasks(state=TaskState.READY))


def test_a_loop_through_a_parallel_join_runs_as_without_compaction():
    """Rounds through a join are kept (the join reads its finished relatives): same behaviour."""
    plain, compacted = _workflow("parallel_loop"), _workflow("parallel_loop")
    rounds = 4
    for round_ in range(rounds):
        for workflow, compacting in ((plain, False), (compacted, True)):
            _run(workflow, "left", compacting, left=round_)
            assert _ready(workflow) == ["right"], "the join must wait for the right branch"
            _run(workflow, "right", compacting, right=round_, more=round_ < rounds - 1)
        assert _ready(compacted) == _ready(plain)
        assert len(compacted.tasks) == len(plain.tasks)
    assert compacted.is_completed() and plain.is_completed()
    assert compacted.last_task.data == plain.last_task.data


def test_the_real_procedure_loops_past_the_library_s_nesting_limit_in_memory():
    """Without compaction round ~193 exceeded Python's recursion limit; 250 rounds run here, and
    the tree stays the size of a few rounds."""
    bare = BareSpiff()
    workflow = bare.new()
    for bpmn_id, _actor, data in HAPPY_PATH[:-1]:
        bare.complete(workflow, bpmn_id, data)
        compact(workflow)
    sizes = []
    for _ in range(250):
        for bpmn_id, _actor, data in (UNSATISFIED_STEP, RE_RESOLVE):
            bare.complete(workflow, bpmn_id, data)
            compact(workflow)
        sizes.append(len(workflow.tasks))
    assert max(sizes[10:]) <= max(sizes[:10])
    bare.complete(workflow, "tevredenheid_controleren", {"satisfied": True})
    assert workflow.is_completed() and workflow.success
