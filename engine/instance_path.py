"""The path an instance took through its diagram: which elements are done, where it is now, which
timers fired or are still running, and which sequence flows were followed, as BPMN ids."""

from dataclasses import dataclass

from lxml import etree
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.util.task import TaskState

from .compaction import forgotten, visible_parent
from .diagram import NS
from .event_subprocesses import starts_process

REACHED = TaskState.COMPLETED | TaskState.READY | TaskState.STARTED | TaskState.WAITING


@dataclass(frozen=True)
class InstancePath:
    definition_id: int
    version: int
    completed: tuple[str, ...]  # done (at least once) and not active now
    active: tuple[str, ...]  # where the instance waits now: tasks for people, catching events
    timers_fired: tuple[str, ...]
    timers_running: tuple[str, ...]  # boundary timers armed on an active task
    flows: tuple[str, ...]  # sequence flows followed at least once


def instance_path(workflow, xml: str, definition_id: int, version: int) -> InstancePath:
    earlier = forgotten(workflow)
    completed, fired = set(earlier["completed"]), set(earlier["fired"])
    steps = set(map(tuple, earlier["steps"]))
    active, running = set(), set()
    for task in workflow.get_tasks():
        spec = task.task_spec
        if spec.bpmn_id is None or not task.has_state(REACHED):
            continue
        timer = _is_timer(spec) and not starts_process(task)
        if task.state == TaskState.COMPLETED:
            (fired if timer else completed).add(spec.bpmn_id)
        elif timer and isinstance(spec, BoundaryEvent):
            running.add(spec.bpmn_id)
        else:
            active.add(spec.bpmn_id)
        source = visible_parent(task)
        if source is not None:
            steps.add((source, spec.bpmn_id))
    return InstancePath(
        definition_id=definition_id,
        version=version,
        completed=tuple(sorted(completed - active - fired)),
        active=tuple(sorted(active)),
        timers_fired=tuple(sorted(fired)),
        timers_running=tuple(sorted(running - fired)),
        flows=tuple(sorted(flow for flow, pair in sequence_flows(xml).items() if pair in steps)),
    )


def sequence_flows(xml: str) -> dict[str, tuple[str, str]]:
    """Every sequence flow of a deployed diagram: id -> (source id, target id)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.fromstring(xml.encode("utf-8"), parser)
    return {
        flow.get("id"): (flow.get("sourceRef"), flow.get("targetRef"))
        for flow in tree.iterfind(".//bpmn:sequenceFlow", NS)
    }


def _is_timer(spec) -> bool:
    definition = getattr(spec, "event_definition", None)
    return isinstance(definition, TimerEventDefinition)
