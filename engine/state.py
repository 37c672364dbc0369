"""A workflow's life between requests: built from a process model, stored as JSON, restored.

The process spec lives in the deployed definition; an instance row only holds the tasks and their
data. A restore hangs those tasks on the spec objects of the parsed model (shared by every
instance of that version, as SpiffWorkflow allows), so specs are neither stored nor rebuilt per
step. The script engine is not part of the stored state either: every restore attaches a fresh
one carrying the process's functions and the engine's clock.
"""

import json
from datetime import datetime
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter

from .sandbox import SandboxEnvironment, UnsafeCode
from .sandbox_limits import TooCostly
from .timers import SERIALIZER_CONFIG


class WithoutSpecs(BpmnWorkflowConverter):
    """The library's workflow converter, minus the specs: they come from the deployed model."""

    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct):
        workflow = self.target_class(dct.pop("spec"), dct.pop("subprocess_specs"), deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


SERIALIZER = BpmnWorkflowSerializer(
    BpmnWorkflowSerializer.configure({**SERIALIZER_CONFIG, BpmnWorkflow: WithoutSpecs})
)


class ClockedScriptEngine(PythonScriptEngine):
    """Evaluates the diagram's expressions with the process's functions and `now()` from our clock."""

    def __init__(self, functions, clock):
        self.clock = clock
        super().__init__(environment=SandboxEnvironment({**functions, "now": clock.now}))

    def evaluate(self, task, expression, external_context=None):
        try:
            return super().evaluate(task, expression, external_context)
        except WorkflowTaskException as error:
            refused = error.__context__
            if isinstance(refused, UnsafeCode | TooCostly):
                raise WorkflowTaskException(
                    f"de code in het diagram is gestopt: {refused}", task=task
                ) from None
            raise

    def create_task_exec_exception(self, task, script, err):
        if isinstance(err, UnsafeCode | TooCostly):
            return WorkflowTaskException(f"het script in het diagram is gestopt: {err}", task=task)
        return super().create_task_exec_exception(task, script, err)

    def evaluate_detached(self, expression: str, data: dict):
        """Evaluate an expression outside any task (timer start events)."""
        return self.environment.evaluate(expression, dict(data))


def new_workflow(model, script_engine, data: dict) -> BpmnWorkflow:
    workflow = BpmnWorkflow(model.spec, model.subprocess_specs, script_engine=script_engine)
    workflow.task_tree.data.update(data)
    return workflow


def dump(workflow) -> str:
    state = SERIALIZER.to_dict(workflow)
    state["serializer_version"] = SERIALIZER.VERSION
    return json.dumps(state, default=_json_default, separators=(",", ":"))


def restore(text: str, model, script_engine) -> BpmnWorkflow:
    state = json.loads(text)
    SERIALIZER.migrate(state)
    state["spec"], state["subprocess_specs"] = model.spec, model.subprocess_specs
    workflow = SERIALIZER.from_dict(state)
    workflow.script_engine = script_engine
    return workflow


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in workflow data")
