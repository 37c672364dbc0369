"""Small diagrams for the engine's BPMN coverage tests; `load(name)` gives one with a drawing.

The files hold the process only; `drawn` adds a plain BPMN DI (a shape per element, an edge per
sequence flow), because the engine refuses undrawn diagrams and a layout says nothing here.
"""

from pathlib import Path

from lxml import etree

FOLDER = Path(__file__).parent
MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DDI = "http://www.omg.org/spec/DD/20100524/DI"
DRAWN_NODES = (
    "startEvent endEvent intermediateCatchEvent intermediateThrowEvent boundaryEvent task userTask "
    "manualTask scriptTask serviceTask sendTask receiveTask businessRuleTask callActivity subProcess "
    "exclusiveGateway parallelGateway inclusiveGateway eventBasedGateway lane dataStoreReference"
).split()


def load(name: str) -> bytes:
    """The test diagram `name`.bpmn with a drawing added."""
    return drawn((FOLDER / f"{name}.bpmn").read_bytes())


def drawn(xml: bytes) -> bytes:
    """The diagram with a BPMN DI: every flow element and lane on a grid, every flow an edge."""
    root = etree.fromstring(xml)
    diagram = etree.SubElement(root, f"{{{DI}}}BPMNDiagram", id="drawing")
    process = root.find(f"{{{MODEL}}}process")
    plane = etree.SubElement(diagram, f"{{{DI}}}BPMNPlane", id="plane", bpmnElement=process.get("id"))
    where = {}
    for index, element in enumerate(e for e in root.iter() if _local(e) in DRAWN_NODES and e.get("id")):
        x, y = 100 + 150 * (index % 10), 100 + 150 * (index // 10)
        where[element.get("id")] = (x, y)
        shape = etree.SubElement(plane, f"{{{DI}}}BPMNShape", id=f"{element.get('id')}_di")
        shape.set("bpmnElement", element.get("id"))
        etree.SubElement(shape, f"{{{DC}}}Bounds", x=str(x), y=str(y), width="100", height="80")
    for flow in (f for f in root.iter(f"{{{MODEL}}}sequenceFlow") if f.get("id")):
        edge = etree.SubElement(plane, f"{{{DI}}}BPMNEdge", id=f"{flow.get('id')}_di")
        edge.set("bpmnElement", flow.get("id"))
        for end in (flow.get("sourceRef"), flow.get("targetRef")):
            x, y = where.get(end, (0, 0))
            etree.SubElement(edge, f"{{{DDI}}}waypoint", x=str(x + 50), y=str(y + 40))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
