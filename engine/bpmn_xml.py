"""Reading the parts of a BPMN file that this engine uses, straight from its XML."""

import re

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
BPMN = "{" + NS["bpmn"] + "}"

FLOW_NODES = frozenset(
    "startEvent endEvent intermediateCatchEvent intermediateThrowEvent boundaryEvent task userTask "
    "manualTask scriptTask serviceTask sendTask receiveTask businessRuleTask callActivity subProcess "
    "transaction adHocSubProcess exclusiveGateway parallelGateway inclusiveGateway eventBasedGateway "
    "complexGateway".split()
)
CONTAINERS = frozenset({"process", "subProcess", "transaction", "adHocSubProcess"})
PEOPLE_TASKS = frozenset({"userTask", "manualTask"})
TIMER_KINDS = ("timeDate", "timeDuration", "timeCycle")

# The one shape of a term the modeler edits as a number: "N working days from now".
WORKING_DAYS = re.compile(r"^\s*add_working_days\(\s*now\(\)\s*,\s*(\d+)\s*\)\.isoformat\(\)\s*$")


def local(element) -> str:
    """The tag without its namespace: 'userTask'."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def is_bpmn(element, *names) -> bool:
    return isinstance(element.tag, str) and element.tag.startswith(BPMN) and local(element) in names


def flow_nodes(container) -> list:
    return [child for child in container if is_bpmn(child, *FLOW_NODES)]


def sequence_flows(container) -> list:
    return [child for child in container if is_bpmn(child, "sequenceFlow")]


def containers(tree) -> list:
    """Every process and (nested) subprocess: each has its own start and end events."""
    return [e for e in tree.iter() if is_bpmn(e, *CONTAINERS) and e.get("id")]


def spiff_properties(element) -> dict[str, str]:
    """The element's spiffworkflow:property name/value pairs (formKey, role, assignee, ...)."""
    found = {}
    path = "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property"
    for prop in element.iterfind(path, NS):
        if prop.get("name"):
            found[prop.get("name")] = prop.get("value", "")
    return found


def documentation(element) -> str:
    return "\n".join((doc.text or "").strip() for doc in element.iterfind("bpmn:documentation", NS)).strip()


def timer(element) -> tuple[str, str] | None:
    """(kind, expression) of the element's timer definition; kind '' when it has no expression."""
    definition = element.find("bpmn:timerEventDefinition", NS)
    if definition is None:
        return None
    for kind in TIMER_KINDS:
        found = definition.find(f"bpmn:{kind}", NS)
        if found is not None:
            return kind, (found.text or "").strip()
    return "", ""


def working_days(expression: str) -> int | None:
    """N of `add_working_days(now(), N).isoformat()`, or None for any other expression."""
    match = WORKING_DAYS.match(expression or "")
    return int(match.group(1)) if match else None


def owner_id(element) -> str | None:
    """The id of the flow element, flow or lane an inner XML element belongs to."""
    while element is not None:
        if is_bpmn(element, *FLOW_NODES, "sequenceFlow", "lane", "process") and element.get("id"):
            return element.get("id")
        element = element.getparent()
    return None
