"""Tasks across a workflow and its subworkflows.

SpiffWorkflow runs an embedded subprocess, an event subprocess and a call activity as a workflow
of its own (`workflow.subprocesses`); their tasks are not in the top-level `workflow.tasks`.
"""

from uuid import UUID

from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.util.task import TaskState


def find_task(workflow, task_id: str):
    """The task with this id, in the workflow or any of its subworkflows; None when there is none."""
    try:
        key = UUID(str(task_id))
    except ValueError:
        return None
    try:
        return workflow.get_task_from_id(key)
    except TaskNotFoundException:
        return None


def all_tasks(workflow) -> list:
    """Every task of the workflow and of each of its subworkflows."""
    return [task for tree in (workflow, *workflow.subprocesses.values()) for task in tree.tasks.values()]


def containers(task) -> list:
    """The activities still running around a task, innermost first: a multi-instance activity, a
    subprocess, the call activity that runs its workflow, and so on up to the process."""
    found = []
    current = task
    while current is not None:
        parent = current.parent
        if parent is None and current.workflow.parent_task_id is not None:
            parent = current.workflow.top_workflow.get_task_from_id(current.workflow.parent_task_id)
        if parent is not None and parent.state == TaskState.STARTED:
            found.append(parent)
        current = parent
    return found
