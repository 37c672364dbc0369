"""Part a: complete complaint lifecycles per second through the engine (every step one committed
transaction) next to the same diagram run by bare SpiffWorkflow in memory, without persistence.

Both run the `klachtafhandeling` process of klachtafhandeling.bpmn with the process's own diagram
functions. The two are measured in alternating rounds of the same run, so a noisy machine slows
both alike; the rate of each is the median over its rounds.
"""

import statistics
import time
from datetime import UTC, datetime

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

import process

from .common import HAPPY_PATH, PROCESS, REGISTRATION, latency_summary


class BareSpiff:
    """The complaint diagram on SpiffWorkflow alone: parsed once, each lifecycle in memory."""

    def __init__(self, bpmn_path=process.DIAGRAM, process_id=PROCESS):
        parser = SpiffBpmnParser()
        parser.add_bpmn_file(str(bpmn_path))
        self.spec = parser.get_spec(process_id)
        self.subprocess_specs = parser.get_subprocess_specs(process_id)
        calendar = process.WorkingDayCalendar(())
        # Wall-clock `now`, as bare Spiff's own timers compare with the wall clock.
        self.functions = {**process.diagram_functions(calendar), "now": lambda: datetime.now(UTC)}
        self.count = 0

    def new(self) -> BpmnWorkflow:
        self.count += 1
        engine = PythonScriptEngine(environment=TaskDataEnvironment(dict(self.functions)))
        workflow = BpmnWorkflow(self.spec, self.subprocess_specs, script_engine=engine)
        seed = {"reference": f"KL-BARE-{self.count}", "started_at": datetime.now(UTC).isoformat()}
        workflow.task_tree.data.update({**seed, **REGISTRATION})
        workflow.do_engine_steps()
        return workflow

    @staticmethod
    def complete(workflow, bpmn_id: str, data: dict) -> None:
        task = workflow.get_next_task(state=TaskState.READY, spec_name=bpmn_id)
        if task is None:
            raise AssertionError(f"{bpmn_id} is not ready")
        task.set_data(**data)
        task.run()
        workflow.do_engine_steps()

    def lifecycle(self) -> None:
        workflow = self.new()
        for bpmn_id, _actor, data in HAPPY_PATH:
            self.complete(workflow, bpmn_id, data)
        if not (workflow.is_completed() and workflow.success):
            raise AssertionError("bare lifecycle did not close")


def engine_lifecycle(engine, latencies: dict | None = None) -> str:
    """Start a complaint and complete every user task of the happy path until it is closed.

    Each verb is its own committed transaction. After each completion the instance is read back
    (status and ready tasks), as a client must to know the next task.
    """
    lap = time.perf_counter()
    view = engine.start(PROCESS, "carla", REGISTRATION)
    _note(latencies, "start", lap)
    for bpmn_id, actor, data in HAPPY_PATH:
        task = next((t for t in view.tasks if t.bpmn_id == bpmn_id), None)
        if task is None:
            raise AssertionError(f"{view.reference}: {bpmn_id} not ready ({[t.bpmn_id for t in view.tasks]})")
        lap = time.perf_counter()
        engine.complete_task(task.id, actor, data)
        lap = _note(latencies, "complete", lap)
        view = engine.instance(view.reference)
        _note(latencies, "read", lap)
    if view.status != "closed" or view.tasks:
        raise AssertionError(f"{view.reference} ended {view.status} with {len(view.tasks)} tasks")
    return view.reference


def _note(latencies, kind, since) -> float:
    now = time.perf_counter()
    if latencies is not None:
        latencies.setdefault(kind, []).append(now - since)
    return now


def _rate(run, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        run()
    return count / (time.perf_counter() - started)


def throughput(engine, bare: BareSpiff, *, rounds: int, per_round: int, bare_per_round: int, warmup: int = 3):
    """Alternate rounds of bare and engine lifecycles; median rates, the ratio and step latencies."""
    for _ in range(warmup):
        bare.lifecycle()
        engine_lifecycle(engine)
    engine_rates, bare_rates, latencies = [], [], {}
    for _ in range(rounds):
        bare_rates.append(_rate(bare.lifecycle, bare_per_round))
        engine_rates.append(_rate(lambda: engine_lifecycle(engine, latencies), per_round))
    ours, theirs = statistics.median(engine_rates), statistics.median(bare_rates)
    details = {
        "rates": [round(r, 2) for r in engine_rates],
        "bare_rates": [round(r, 1) for r in bare_rates],
        "lifecycles": rounds * per_round,
    }
    for kind, seconds in latencies.items():
        details.update(latency_summary(kind, seconds))
    return ours, theirs, details


def bare_step_latencies(bare: BareSpiff, count: int = 200) -> dict:
    """Per-call latencies of bare Spiff: create + first steps, and complete + engine steps."""
    created, completed = [], []
    for _ in range(count):
        started = time.perf_counter()
        workflow = bare.new()
        created.append(time.perf_counter() - started)
        for bpmn_id, _actor, data in HAPPY_PATH:
            started = time.perf_counter()
            bare.complete(workflow, bpmn_id, data)
            completed.append(time.perf_counter() - started)
    return {**latency_summary("bare_start", created), **latency_summary("bare_complete", completed)}
