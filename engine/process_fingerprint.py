"""Whether a process really changed between two files: a digest of what it does (its process
element and the messages it refers to, canonical XML, whitespace between elements ignored),
not of the drawing or of the other processes in the same file."""

import hashlib

from lxml import etree

from .bpmn_xml import BPMN, NS


def fingerprint(tree, process_id: str) -> str | None:
    """The digest of one process of a parsed BPMN file; None when the file has no such process."""
    found = tree.find(f"{BPMN}process[@id='{process_id}']")
    if found is None:
        return None
    parts = [found, *tree.findall(f"{BPMN}message", NS)]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(etree.tostring(_without_layout_whitespace(part), method="c14n"))
    return digest.hexdigest()


def stored_fingerprint(xml: str, process_id: str) -> str | None:
    """The fingerprint of a process in a deployed (so already checked) diagram's XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    return fingerprint(etree.fromstring(xml.encode("utf-8"), parser), process_id)


def _without_layout_whitespace(element):
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        if node.text is not None and not node.text.strip() and len(node):
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return copy
