"""A workflow's life between requests: built from a process model, stored as JSON, restored.

The process spec is stored once per deployed version; an instance row only holds the tasks and
their data. The script engine is not part of the stored state, so every restore attaches a fresh
one carrying the process's functions and the engine's clock.
"""

import json
from datetime import datetime

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer

from .sandbox import SandboxEnvironment
from .timers import SERIALIZER_CONFIG

SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SERIALIZER_CONFIG))


class ClockedScriptEngine(PythonScriptEngine):
    """Evaluates the diagram's expressions with the process's functions and `now()` from our clock."""

    def __init__(self, functions, clock):
        self.clock = clock
        super().__init__(environment=SandboxEnvironment({**functions, "now": clock.now}))

    def evaluate_detached(self, expression: str, data: dict):
        """Evaluate an expression outside any task (timer start events)."""
        return self.environment.evaluate(expression, dict(data))


class SpecStore:
    """Serialized specs per deployed definition, made once and reused by every restore.

    Kept as JSON text: the serializer consumes the dicts it restores from, so each restore
    needs fresh ones, and json.loads makes them faster than a deep copy.
    """

    def __init__(self):
        self._specs: dict[int, str] = {}

    def serialized(self, definition_id: int, model) -> str:
        if definition_id not in self._specs:
            spec = SERIALIZER.to_dict(model.spec)
            subs = {name: SERIALIZER.to_dict(s) for name, s in model.subprocess_specs.items()}
            self._specs[definition_id] = json.dumps([spec, subs])
        return self._specs[definition_id]


def new_workflow(model, script_engine, data: dict) -> BpmnWorkflow:
    workflow = BpmnWorkflow(model.spec, model.subprocess_specs, script_engine=script_engine)
    workflow.task_tree.data.update(data)
    return workflow


def dump(workflow) -> str:
    state = SERIALIZER.to_dict(workflow)
    state.pop("spec")
    state.pop("subprocess_specs")
    state["serializer_version"] = SERIALIZER.VERSION
    return json.dumps(state, default=_json_default, separators=(",", ":"))


def restore(text: str, specs: str, script_engine) -> BpmnWorkflow:
    state = json.loads(text)
    state["spec"], state["subprocess_specs"] = json.loads(specs)
    SERIALIZER.migrate(state)
    workflow = SERIALIZER.from_dict(state)
    workflow.script_engine = script_engine
    return workflow


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in workflow data")
