"""What makes a diagram unfit to run, read from its XML: drawing, flow, forms and roles.

Each check gives (element id or None, Dutch message), so the modeler can point at the element.
"""

from collections import defaultdict

from .bpmn_xml import (
    NS,
    PEOPLE_TASKS,
    containers,
    flow_nodes,
    is_bpmn,
    local,
    sequence_flows,
    spiff_properties,
)
from .plugin import NoForms, ProcessPlugin


def drawing_problems(tree) -> list[tuple[str | None, str]]:
    """Missing BPMN DI: the whole drawing, or single elements a modeler could not show."""
    if tree.find(".//bpmndi:BPMNDiagram", NS) is None:
        return [(None, "het diagram heeft geen tekening (BPMN DI); bewaar het in een modeler")]
    drawn = {shape.get("bpmnElement") for shape in tree.iterfind(".//bpmndi:BPMNShape", NS)}
    drawn |= {edge.get("bpmnElement") for edge in tree.iterfind(".//bpmndi:BPMNEdge", NS)}
    found = []
    for container in _executable(tree):
        for element in (*flow_nodes(container), *sequence_flows(container)):
            if element.get("id") not in drawn:
                found.append((element.get("id"), "dit element is niet getekend (ontbreekt in de BPMN DI)"))
    for lane in tree.iterfind(".//bpmn:lane", NS):
        if lane.get("id") not in drawn:
            found.append((lane.get("id"), "deze lane is niet getekend (ze ontbreekt in de BPMN DI)"))
    return found


def flow_problems(tree) -> list[tuple[str | None, str]]:
    """Elements no start event leads to, and elements from which no end event can be reached."""
    found = []
    for container in _executable(tree):
        nodes = {node.get("id"): node for node in flow_nodes(container) if node.get("id")}
        if not nodes:
            continue
        edges = _edges(container, nodes)
        starts = {key for key, node in nodes.items() if _starts(node)}
        ends = {key for key, node in nodes.items() if _ends(node)}
        if not starts:
            found.append((container.get("id"), "er is geen startgebeurtenis"))
        if not any(is_bpmn(nodes[key], "endEvent") for key in ends):
            found.append((container.get("id"), "er is geen eindgebeurtenis"))
        reached = _closure(starts, edges)
        ending = _closure(ends, _reversed(edges))
        for key in nodes:
            if key not in reached:
                found.append((key, "dit element is niet bereikbaar vanaf een startgebeurtenis"))
            elif key not in ending:
                found.append((key, "vanaf dit element is geen eindgebeurtenis te bereiken"))
    return found


def people_problems(tree, plugin: ProcessPlugin) -> list[tuple[str | None, str]]:
    """User tasks in a lane need a known form; lanes need known roles. A user task outside every
    lane (a plain checklist step, as in the benchmark's diagram) may be a simple "done"."""
    found = []
    forms_required = not isinstance(plugin.forms, NoForms)
    laned = {ref.text.strip() for ref in tree.iterfind(".//bpmn:lane/bpmn:flowNodeRef", NS) if ref.text}
    for element in tree.iter():
        if not is_bpmn(element, *PEOPLE_TASKS, "startEvent"):
            continue
        key, form = element.get("id"), spiff_properties(element).get("formKey")
        if form and plugin.forms.schema(form) is None:
            found.append((key, f"onbekend formulier '{form}'"))
        elif not form and forms_required and local(element) in PEOPLE_TASKS and key in laned:
            found.append((key, "deze gebruikerstaak heeft geen formulier"))
    for lane in tree.iterfind(".//bpmn:lane", NS):
        if lane.find("bpmn:childLaneSet", NS) is not None:
            continue
        roles = spiff_properties(lane).get("role", "").split()
        if not roles:
            found.append((lane.get("id"), "deze lane heeft geen rol (eigenschap 'role')"))
        for role in roles:
            if plugin.roles and role not in plugin.roles:
                found.append((lane.get("id"), f"onbekende rol '{role}'"))
    return found


def _executable(tree) -> list:
    return [c for c in containers(tree) if not (local(c) == "process" and c.get("isExecutable") == "false")]


def _event_subprocess(node) -> bool:
    return is_bpmn(node, "subProcess") and node.get("triggeredByEvent") == "true"


def _starts(node) -> bool:
    # An event subprocess starts on its own event and ends inside itself.
    return is_bpmn(node, "startEvent") or _event_subprocess(node)


def _ends(node) -> bool:
    return is_bpmn(node, "endEvent") or _event_subprocess(node)


def _edges(container, nodes) -> dict[str, set[str]]:
    edges = defaultdict(set)
    for flow in sequence_flows(container):
        if flow.get("sourceRef") in nodes and flow.get("targetRef") in nodes:
            edges[flow.get("sourceRef")].add(flow.get("targetRef"))
    links = defaultdict(set)
    for key, node in nodes.items():
        if is_bpmn(node, "boundaryEvent") and node.get("attachedToRef") in nodes:
            edges[node.get("attachedToRef")].add(key)
        link = node.find("bpmn:linkEventDefinition", NS)
        if link is not None:
            links[link.get("name") or node.get("name")].add(key)
    # A thrown link event continues at the caught link event of the same name.
    for group in links.values():
        throws = [k for k in group if is_bpmn(nodes[k], "intermediateThrowEvent")]
        catches = [k for k in group if is_bpmn(nodes[k], "intermediateCatchEvent")]
        for throw in throws:
            edges[throw].update(catches)
    return edges


def _reversed(edges) -> dict[str, set[str]]:
    back = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            back[target].add(source)
    return back


def _closure(seeds, edges) -> set[str]:
    seen, todo = set(seeds), list(seeds)
    while todo:
        for following in edges.get(todo.pop(), ()):
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen
