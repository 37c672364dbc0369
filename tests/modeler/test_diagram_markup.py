"""Markup smuggled into a diagram (issue 14): HTML, SVG or a style sheet is refused at deploy,
pointing at the element that carries it; other tools' own extension elements stay allowed."""

import pytest

from engine.errors import InvalidDiagram

from .diagrams import changed

HTML = b'xmlns:html="http://www.w3.org/1999/xhtml" '
CONTACT_PROPERTIES = b'<spiffworkflow:property name="formKey" value="contact"/>'


def carrying(extension: bytes, namespaces: bytes = HTML) -> bytes:
    xml = changed(b"<bpmn:definitions ", b"<bpmn:definitions " + namespaces)
    return changed(
        CONTACT_PROPERTIES,
        CONTACT_PROPERTIES + b"</spiffworkflow:properties>" + extension + b"<spiffworkflow:properties>",
        xml,
    )


def refused(engine, xml) -> list[tuple[str | None, str]]:
    with pytest.raises(InvalidDiagram) as error:
        engine.deploy(xml, actor="pieter")
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]
    return error.value.problems


def test_an_html_script_in_an_extension_element_is_refused_at_its_task(engine):
    xml = carrying(b"<html:script>alert(document.cookie)</html:script>")
    assert refused(engine, xml) == [
        (
            "contact_opnemen",
            "HTML-element 'script' in het diagram: een browser zou het uitvoeren; "
            "verwijder het uit het diagram",
        )
    ]


def test_svg_and_xlink_and_a_style_sheet_are_refused(engine):
    svg = b'xmlns:svg="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    xml = carrying(b'<svg:svg/><spiffworkflow:x xlink:href="javascript:alert(1)"/>', svg)
    xml = changed(b"?>", b'?><?xml-stylesheet type="text/xsl" href="data:,x"?>', xml)
    messages = [message.split(":")[0] for _, message in refused(engine, xml)]
    assert messages == [
        "de verwerkingsinstructie '<?xml-stylesheet?>'",
        "SVG-element 'svg' in het diagram",
        "XLink-attribuut 'href' in het diagram",
    ]


def test_another_tools_own_extension_elements_stay_allowed(engine):
    camunda = b'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
    xml = carrying(
        b'<camunda:properties><camunda:property name="x" value="y"/></camunda:properties>', camunda
    )
    engine.deploy(xml, actor="pieter")
    assert [v.version for v in engine.versions("klachtafhandeling")] == [2, 1]
