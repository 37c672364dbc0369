"""Event subprocesses with their BPMN meaning, which SpiffWorkflow 3.2 does not give them.

The library runs an event subprocess as one more parallel branch: its start event waits beside the
main flow, the process cannot end until it has run, and an interrupting one interrupts nothing.
After each round of engine steps the engine settles them instead:
- once the rest of the enclosing process is done, an event subprocess still waiting for its event
  is withdrawn, so the process ends;
- when the event of an interrupting one has happened, everything else the enclosing process was
  doing is cancelled.
"""

from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.util.task import TaskState

from .bpmn_xml import NS

LIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED


def event_subprocesses(tree) -> dict[str, bool]:
    """Every event subprocess of a diagram: its id -> whether its start event interrupts."""
    found = {}
    for element in tree.iterfind(".//bpmn:subProcess[@triggeredByEvent='true']", NS):
        starts = element.findall("bpmn:startEvent", NS)
        found[element.get("id")] = any(s.get("isInterrupting", "true") != "false" for s in starts)
    return found


def settle(workflow, interrupting: dict[str, bool]) -> bool:
    """Withdraw or let interrupt the event subprocesses; True when something changed."""
    changed = False
    for task in _live_event_subprocesses(workflow, interrupting):
        inner = workflow.subprocesses.get(task.id)
        if inner is None:
            continue
        starts = [t for t in inner.tasks.values() if isinstance(t.task_spec, StartEvent)]
        happened = any(t.state == TaskState.COMPLETED for t in starts)
        others = _other_live_tasks(task, interrupting)
        if not happened and not others:
            task.cancel()
            _wake_joins(task.workflow)
            changed = True
        elif happened and interrupting[task.task_spec.bpmn_id] and others:
            for other in others:
                if other.has_state(LIVE):
                    other.cancel()
            changed = True
    return changed


def starts_process(task) -> bool:
    """A start event of a process itself (not of a subprocess): its timer starts an instance."""
    return isinstance(task.task_spec, StartEvent) and task.workflow is task.workflow.top_workflow


def _live_event_subprocesses(workflow, interrupting) -> list:
    trees = (workflow, *workflow.subprocesses.values())
    return [
        task
        for tree in trees
        for task in list(tree.tasks.values())
        if task.task_spec.bpmn_id in interrupting and task.has_state(LIVE)
    ]


def _other_live_tasks(event_task, interrupting) -> list:
    """The work of the enclosing process besides its event subprocesses (not the joins that wait)."""
    return [
        task
        for task in event_task.workflow.tasks.values()
        if task.has_state(LIVE)
        and task.task_spec.bpmn_id not in interrupting
        and not isinstance(task.task_spec, UnstructuredJoin)
    ]


def _wake_joins(tree) -> None:
    for task in list(tree.tasks.values()):
        if task.state == TaskState.WAITING and isinstance(task.task_spec, UnstructuredJoin):
            task.task_spec._update(task)
