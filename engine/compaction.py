"""Forgetting finished rounds of a loop, so an instance's state does not grow with its history.

SpiffWorkflow never prunes its task tree: every round of a loop (the complainant not satisfied,
the handler solving it again) adds its tasks below the previous round's. State, restore time and
save time then grow with every round, and after about 190 rounds the library's recursive tree
walks exceed Python's recursion limit. The audit trail already keeps what happened; the tree only
needs what is still going on.

So after each step, where a path from the root passes the same task spec twice and everything in
between is finished (no live branch hangs off it), the earlier round is cut out: the task just
above the repeat is re-attached where the earlier round began. The task the repeat hangs from is
kept, so every live task keeps its own parent (its data delta and boundary timers read it).

Rounds are never cut across a join that merges branches (parallel, inclusive, the end join), a
subprocess, or a multi-instance or looping activity: those read their finished relatives.

What a cut round reached (elements done, timers fired, flows followed) is kept as a summary on
the root task, so the instance's path through the diagram still shows it.
"""

from collections import Counter

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.util.task import TaskState

FORGOTTEN = "forgotten_path"


def compact(workflow) -> int:
    """Cut every finished earlier round out of the workflow's task trees; returns tasks removed."""
    removed = 0
    for tree in [workflow, *workflow.subprocesses.values()]:
        while (cut := _find_cut(tree)) is not None:
            removed += _splice(workflow, tree, *cut)
    return removed


def forgotten(workflow) -> dict:
    """What cut rounds reached: {"completed": [...], "fired": [...], "steps": [[from, to], ...]}."""
    return workflow.task_tree.internal_data.get(FORGOTTEN, {"completed": [], "fired": [], "steps": []})


def _find_cut(tree):
    """(first, anchor): the earliest repeat on a path to a live task, or None."""
    finished = Counter(t.task_spec for t in tree.tasks.values() if t.has_state(TaskState.FINISHED_MASK))
    if not finished or finished.most_common(1)[0][1] < 2:
        return None  # no loop has come round yet
    live_tasks = [t for t in tree.tasks.values() if t.has_state(TaskState.NOT_FINISHED_MASK)]
    busy = _busy_subtrees(live_tasks)
    # A cut lies above the first live task of a path, so those tasks' paths are enough.
    frontier = [t for t in live_tasks if t.parent is not None and t.parent.has_state(TaskState.FINISHED_MASK)]
    for live in frontier:
        path = _path_to(live)
        seen = {}
        for index, task in enumerate(path):
            first = seen.get(task.task_spec)
            if first is not None and index - first >= 2:
                return path[first], path[index - 1]
            below = path[index + 1] if index + 1 < len(path) else None
            if not _cuttable(task, below, busy):
                seen = {}
                continue
            seen.setdefault(task.task_spec, index)
    return None


def _cuttable(task, below, busy) -> bool:
    """May this task, and whatever hangs off it besides `below`, be forgotten?"""
    if not task.has_state(TaskState.FINISHED_MASK) or task.parent is None or _keeps_relatives(task.task_spec):
        return False
    for child in task.children:
        if child is not below and (child.id in busy or _holds_relatives(child)):
            return False
    return True


def _keeps_relatives(spec) -> bool:
    merges = isinstance(spec, UnstructuredJoin) and len(spec.inputs) > 1
    return merges or isinstance(spec, (SubWorkflowTask, LoopTask))


def _holds_relatives(task) -> bool:
    return any(_keeps_relatives(t.task_spec) for t in _subtree(task))


def _busy_subtrees(live_tasks) -> set:
    """Ids of the tasks with a live task at or below them."""
    busy = set()
    for task in live_tasks:
        while task is not None and task.id not in busy:
            busy.add(task.id)
            task = task.parent
    return busy


def _path_to(task) -> list:
    path = []
    while task is not None:
        path.append(task)
        task = task.parent
    return path[::-1]


def _subtree(task) -> list:
    found, stack = [], [task]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.children)
    return found


def _splice(workflow, tree, first, anchor) -> int:
    """Re-attach `anchor` in the place of `first`; forget `first` and all below it but `anchor`."""
    kept = {task.id for task in _subtree(anchor)}
    gone = [task for task in _subtree(first) if task.id not in kept]
    _remember(workflow, gone + [anchor])
    parent = first.parent
    anchor.parent._children.remove(anchor.id)
    parent._children[parent._children.index(first.id)] = anchor.id
    anchor.parent = parent
    for task in gone:
        del tree.tasks[task.id]
    if tree.last_task is not None and tree.last_task.id not in tree.tasks:
        tree.last_task = anchor
    return len(gone)


def _remember(workflow, tasks) -> None:
    summary = forgotten(workflow)
    completed, fired = set(summary["completed"]), set(summary["fired"])
    steps = set(map(tuple, summary["steps"]))
    for task in tasks:
        spec = task.task_spec
        if spec.bpmn_id is None or task.state != TaskState.COMPLETED:
            continue
        (fired if _is_timer(spec) else completed).add(spec.bpmn_id)
        source = visible_parent(task)
        if source is not None:
            steps.add((source, spec.bpmn_id))
    workflow.task_tree.internal_data[FORGOTTEN] = {
        "completed": sorted(completed),
        "fired": sorted(fired),
        "steps": sorted(list(step) for step in steps),
    }


def _is_timer(spec) -> bool:
    definition = getattr(spec, "event_definition", None)
    return isinstance(definition, TimerEventDefinition) and not isinstance(spec, StartEvent)


def visible_parent(task) -> str | None:
    """The nearest earlier task that is a diagram element (the library adds hidden ones)."""
    parent = task.parent
    while parent is not None and parent.task_spec.bpmn_id is None:
        parent = parent.parent
    return None if parent is None else parent.task_spec.bpmn_id
