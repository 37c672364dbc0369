"""Processes: the deployed definitions and their versions, starting an instance of any of them
(how the benchmark runs its own diagram), and an instance with its ready tasks."""

from .. import context
from . import shapes, starting
from .auth import caller
from .blueprint import bp


@bp.get("/processes")
def processes():
    return {"processes": shapes.processes(context.engine().definitions())}


@bp.post("/processes/<process_id>/instances")
def start(process_id):
    return starting.start(process_id, "api.instance")


@bp.get("/instances/<reference>")
def instance(reference):
    engine = context.engine()
    found = engine.instance(reference, viewer=caller())
    return shapes.instance(found)


@bp.get("/instances/<reference>/tasks")
def instance_tasks(reference):
    found = context.engine().instance(reference, viewer=caller())
    return {
        "reference": found.reference,
        "status": found.status,
        "tasks": [shapes.task(t) for t in found.tasks],
    }
