"""Reading a BPMN file into runnable process models, and what makes a diagram unfit to deploy."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from .bpmn_xml import NS
from .diagram_checks import drawing_problems, flow_problems, people_problems
from .diagram_code import code_problems, timer_problems
from .diagram_markup import markup_problems
from .diagram_refusals import FALLBACK, refusal
from .diagram_support import support_problems
from .errors import InvalidDiagram
from .event_subprocesses import event_subprocesses
from .plugin import ProcessPlugin
from .process_outline import contract_problems
from .timers import clocked

MAX_DIAGRAM_BYTES = 2_000_000
DOCTYPE_REFUSED = "een DOCTYPE (DTD of entiteiten) is niet toegestaan"


@dataclass
class ProcessModel:
    """One executable process of a diagram, parsed and ready to run."""

    process_id: str
    name: str
    spec: object
    subprocess_specs: dict
    lane_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # event subprocess id -> whether its start event interrupts (see event_subprocesses.py)
    event_subprocesses: dict[str, bool] = field(default_factory=dict)

    @property
    def start_event(self):
        return next(s for s in self.spec.task_specs.values() if isinstance(s, StartEvent))

    @property
    def start_timer(self):
        """The timer start event's spec, or None when the process is started by people."""
        start = self.start_event
        return start if isinstance(start.event_definition, TimerEventDefinition) else None

    def roles_of(self, task_spec) -> tuple[str, ...]:
        return self.lane_roles.get(task_spec.lane, ()) if task_spec.lane else ()


@dataclass
class Diagram:
    models: dict[str, ProcessModel]
    has_di: bool
    tree: object = None  # the parsed XML, for the checks that read it


def properties(task_spec) -> dict:
    return (getattr(task_spec, "extensions", None) or {}).get("properties", {})


def read_diagram(xml: bytes) -> Diagram:
    """Parse a BPMN file safely into its executable processes; InvalidDiagram when it can't be."""
    tree = _parse_xml(xml)
    unsupported = support_problems(tree)
    if unsupported:
        raise InvalidDiagram(unsupported)
    parser = SpiffBpmnParser(validator=VALIDATOR)
    try:
        parser.add_bpmn_xml(tree, filename="diagram.bpmn")
        process_ids = parser.get_process_ids()
        models = {pid: _model(parser, tree, pid) for pid in process_ids}
    except (ValidationException, SpiffWorkflowException) as error:
        raise InvalidDiagram([refusal(error, tree)]) from None
    except Exception:  # the library failing on a file it should have refused: still no 500
        raise InvalidDiagram([(None, FALLBACK)]) from None
    if not models:
        raise InvalidDiagram([(None, "het bestand bevat geen uitvoerbaar proces")])
    return Diagram(models, has_di=tree.find(".//bpmndi:BPMNDiagram", NS) is not None, tree=tree)


def problems(
    diagram: Diagram, plugin: ProcessPlugin, now: datetime | None = None
) -> list[tuple[str | None, str]]:
    """What keeps a parsed diagram from running with this plugin: [(element id, message)], each once.

    `now` is the moment timer expressions are tried at (they are evaluated, never stored).
    """
    tree = diagram.tree
    found = [
        *markup_problems(tree),
        *drawing_problems(tree),
        *flow_problems(tree),
        *people_problems(tree, plugin),
        *code_problems(tree, plugin),
        *timer_problems(tree, plugin, now or datetime.now(UTC)),
        *contract_problems(tree, plugin),
    ]
    return list(dict.fromkeys(found))


def _parse_xml(xml: bytes):
    if len(xml) > MAX_DIAGRAM_BYTES:
        raise InvalidDiagram([(None, f"het bestand is groter dan {MAX_DIAGRAM_BYTES // 1000} kB")])
    if b"<!DOCTYPE" in xml:  # refuse entities before the parser reads them, with a clear reason
        raise InvalidDiagram([(None, DOCTYPE_REFUSED)])
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        tree = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        where = f"regel {error.lineno}, kolom {error.offset}" if error.lineno else "aan het begin"
        raise InvalidDiagram([(None, f"geen geldige XML ({where}); bewaar het bestand opnieuw")]) from None
    if tree.getroottree().docinfo.doctype:
        raise InvalidDiagram([(None, DOCTYPE_REFUSED)])
    return tree


def _model(parser, tree, process_id) -> ProcessModel:
    spec = parser.get_spec(process_id)
    subprocess_specs = parser.get_subprocess_specs(process_id)
    for each in (spec, *subprocess_specs.values()):
        _use_engine_clock(each)
    element = tree.find(f".//bpmn:process[@id='{process_id}']", NS)
    return ProcessModel(
        process_id=process_id,
        name=element.get("name") or process_id,
        spec=spec,
        subprocess_specs=subprocess_specs,
        lane_roles=_called_lane_roles(tree, subprocess_specs) | _lane_roles(element),
        event_subprocesses=event_subprocesses(tree),
    )


def _use_engine_clock(spec) -> None:
    for task_spec in spec.task_specs.values():
        definition = getattr(task_spec, "event_definition", None)
        if definition is None:
            continue
        inner = getattr(definition, "event_definitions", None)
        if inner is not None:
            definition.event_definitions = [clocked(each) for each in inner]
        else:
            task_spec.event_definition = clocked(definition)


def _called_lane_roles(tree, subprocess_specs) -> dict[str, tuple[str, ...]]:
    """The lanes of the processes a call activity runs: their tasks are this instance's too."""
    roles = {}
    for called in subprocess_specs:
        element = tree.find(f".//bpmn:process[@id='{called}']", NS)
        if element is not None:
            roles |= _lane_roles(element)
    return roles


def _lane_roles(process) -> dict[str, tuple[str, ...]]:
    roles = {}
    for lane in process.iterfind(".//bpmn:lane", NS):
        prop = lane.find(
            "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property[@name='role']", NS
        )
        value = prop.get("value", "") if prop is not None else ""
        roles[lane.get("name") or lane.get("id")] = tuple(value.split())
    return roles
