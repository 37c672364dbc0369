"""Markup hidden in a diagram: HTML, SVG or a style sheet a browser would act on if it ever showed
the file. BPMN lets any tool put its own elements in extensionElements; these few kinds are never
a tool's data, only a way to smuggle a script, so deploy refuses them (downloads are attachments too).
"""

from lxml import etree

from .bpmn_xml import owner_id

MARKUP_NAMESPACES = {
    "http://www.w3.org/1999/xhtml": "HTML",
    "http://www.w3.org/2000/svg": "SVG",
    "http://www.w3.org/1998/Math/MathML": "MathML",
    "http://www.w3.org/1999/XSL/Transform": "XSLT",
    "http://www.w3.org/2001/XInclude": "XInclude",
    "http://www.w3.org/1999/xlink": "XLink",
}
ADVICE = "een browser zou het uitvoeren; verwijder het uit het diagram"


def markup_problems(tree) -> list[tuple[str | None, str]]:
    """Elements and attributes in a markup namespace, and processing instructions (style sheets)."""
    found = []
    for node in (*tree.itersiblings(preceding=True), *tree.iter(), *tree.itersiblings()):
        if isinstance(node, etree._ProcessingInstruction):
            found.append(
                (owner_id(node.getparent()), f"de verwerkingsinstructie '<?{node.target}?>': {ADVICE}")
            )
            continue
        if not isinstance(node.tag, str):
            continue
        language = MARKUP_NAMESPACES.get(etree.QName(node).namespace)
        if language:
            name = etree.QName(node).localname
            found.append((owner_id(node), f"{language}-element '{name}' in het diagram: {ADVICE}"))
            continue
        for attribute in node.attrib:
            language = MARKUP_NAMESPACES.get(etree.QName(attribute).namespace)
            if language:
                name = etree.QName(attribute).localname
                found.append((owner_id(node), f"{language}-attribuut '{name}' in het diagram: {ADVICE}"))
    return found
