"""What changed between two versions of a process, in words a process owner reads."""

from dataclasses import dataclass, field

from .bpmn_xml import (
    NS,
    documentation,
    is_bpmn,
    local,
    spiff_properties,
    timer,
    working_days,
)

KINDS = {
    "startEvent": "startgebeurtenis",
    "endEvent": "eindgebeurtenis",
    "intermediateCatchEvent": "tussengebeurtenis (wachten)",
    "intermediateThrowEvent": "tussengebeurtenis (versturen)",
    "boundaryEvent": "termijn of gebeurtenis aan een stap",
    "task": "taak",
    "userTask": "gebruikerstaak",
    "manualTask": "handmatige taak",
    "scriptTask": "scripttaak",
    "serviceTask": "servicetaak",
    "sendTask": "verzendtaak",
    "receiveTask": "ontvangsttaak",
    "businessRuleTask": "beslistaak",
    "callActivity": "aanroep van een proces",
    "subProcess": "subproces",
    "exclusiveGateway": "keuze (exclusieve gateway)",
    "parallelGateway": "splitsing (parallelle gateway)",
    "inclusiveGateway": "inclusieve gateway",
    "eventBasedGateway": "gebeurtenisgateway",
    "sequenceFlow": "verbinding",
    "lane": "lane",
}
PROPERTY_LABELS = {"formKey": "formulier", "role": "rol", "assignee": "uitvoerder"}
CODE = {
    "bpmn:conditionExpression": "voorwaarde",
    "bpmn:script": "script",
    "bpmn:extensionElements/spiffworkflow:preScript": "script vooraf",
    "bpmn:extensionElements/spiffworkflow:postScript": "script achteraf",
    "bpmn:messageEventDefinition/bpmn:extensionElements/spiffworkflow:messagePayload": "berichtinhoud",
}
SHOWN = 90


@dataclass(frozen=True)
class ElementChange:
    element: str
    kind: str
    name: str
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiagramDiff:
    process_id: str
    old_version: int
    new_version: int
    added: list[ElementChange] = field(default_factory=list)
    removed: list[ElementChange] = field(default_factory=list)
    changed: list[ElementChange] = field(default_factory=list)
    drawing_changed: bool = False

    @property
    def same(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(old_tree, new_tree, process_id: str, old_version: int, new_version: int) -> DiagramDiff:
    """Elements of one process added, removed and changed (name, form, role, term, flow, ...)."""
    old, new = _elements(old_tree, process_id), _elements(new_tree, process_id)
    changed = []
    for key in old.keys() & new.keys():
        lines = _changes(old[key], new[key])
        if lines:
            changed.append(_entry(key, new[key], lines))
    return DiagramDiff(
        process_id=process_id,
        old_version=old_version,
        new_version=new_version,
        added=sorted((_entry(k, new[k]) for k in new.keys() - old.keys()), key=_order),
        removed=sorted((_entry(k, old[k]) for k in old.keys() - new.keys()), key=_order),
        changed=sorted(changed, key=_order),
        drawing_changed=_drawing(old_tree) != _drawing(new_tree),
    )


def _elements(tree, process_id) -> dict[str, dict]:
    process = tree.find(f".//bpmn:process[@id='{process_id}']", NS) if tree is not None else None
    if process is None:
        return {}
    found = {}
    for element in process.iter():
        if element.get("id") and local(element) in KINDS and is_bpmn(element, *KINDS):
            found[element.get("id")] = _aspects(element)
    return found


def _aspects(element) -> dict[str, str]:
    """The things about an element that matter to how it runs, by Dutch label."""
    aspects = {"soort": KINDS[local(element)], "naam": (element.get("name") or "").strip()}
    aspects["documentatie"] = documentation(element)
    for name, value in spiff_properties(element).items():
        aspects[PROPERTY_LABELS.get(name, f"eigenschap {name}")] = value
    found = timer(element)
    if found is not None:
        days = working_days(found[1])
        aspects["termijn"] = f"{days} werkdagen" if days is not None else found[1]
    for path, label in CODE.items():
        code = element.find(path, NS)
        if code is not None:
            aspects[label] = (code.text or "").strip()
    for attribute, label in (
        ("sourceRef", "van"),
        ("targetRef", "naar"),
        ("attachedToRef", "vast aan stap"),
        ("cancelActivity", "onderbreekt de stap"),
        ("default", "standaardpad"),
    ):
        if element.get(attribute) is not None:
            aspects[label] = element.get(attribute)
    if is_bpmn(element, "lane"):
        refs = sorted((ref.text or "").strip() for ref in element.iterfind("bpmn:flowNodeRef", NS))
        aspects["stappen in de lane"] = ", ".join(refs)
    return {label: value for label, value in aspects.items() if value or label in ("naam",)}


def _changes(old: dict, new: dict) -> tuple[str, ...]:
    lines = []
    for label in dict.fromkeys([*old, *new]):
        before, after = old.get(label, ""), new.get(label, "")
        if before != after:
            lines.append(f"{label}: {_short(before)} → {_short(after)}")
    return tuple(lines)


def _short(value: str) -> str:
    if not value:
        return "(leeg)"
    value = " ".join(value.split())
    return f"'{value}'" if len(value) <= SHOWN else f"'{value[:SHOWN]}…'"


def _entry(key, aspects, changes=()) -> ElementChange:
    return ElementChange(key, aspects["soort"], aspects.get("naam", ""), tuple(changes))


def _order(change: ElementChange):
    return (change.kind == "verbinding", change.name or change.element, change.element)


def _drawing(tree) -> list:
    if tree is None:
        return []
    return [
        (shape.get("bpmnElement"), [tuple(sorted(b.attrib.items())) for b in shape.iter() if b.attrib])
        for shape in tree.iterfind(".//bpmndi:BPMNPlane/*", NS)
    ]
