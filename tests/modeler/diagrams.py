"""The bundled diagram and small changes to it, as the tests of the modeler's engine side use them."""

import re

import process

XML = process.DIAGRAM.read_bytes()
QUARTER_SCRIPT = b"<bpmn:script>quarter = previous_quarter(started_at)</bpmn:script>"
CONTACT_TERM = b"add_working_days(now(), 2).isoformat()"


def changed(old: bytes, new: bytes, xml: bytes = XML, count: int = 1) -> bytes:
    assert old in xml, old
    return xml.replace(old, new, count)


def with_script(code: str) -> bytes:
    """The bundled diagram with the quarterly script task running `code`."""
    escaped = code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return changed(QUARTER_SCRIPT, f"<bpmn:script>{escaped}</bpmn:script>".encode())


def with_contact_term(expression: str) -> bytes:
    return changed(CONTACT_TERM, expression.encode())


def without_drawing(xml: bytes = XML) -> bytes:
    return re.sub(rb"<bpmndi:BPMNDiagram.*</bpmndi:BPMNDiagram>", b"", xml, flags=re.S)
