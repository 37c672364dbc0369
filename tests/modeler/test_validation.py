"""Validation before deploy: every problem names the element it is about, in Dutch."""

import pytest

from engine.errors import InvalidDiagram

from .diagrams import XML, changed, with_contact_term, with_script, without_drawing

FLOW_TO_ESCALATION_END = (
    b'<bpmn:sequenceFlow id="Flow_escalatie_contact_eind" sourceRef="escalatie_contact" '
    b'targetRef="escalatie_contact_afgehandeld"/>'
)


def test_the_bundled_diagram_has_no_problems(engine):
    assert engine.check_diagram(XML) == []


@pytest.mark.parametrize(
    "xml, problem",
    [
        (
            changed(b'<spiffworkflow:property name="formKey" value="escalatie"/>', b""),
            ("escalatie_contact", "deze gebruikerstaak heeft geen formulier"),
        ),
        (
            changed(b'value="contact"/>', b'value="bestaat_niet"/>'),
            ("contact_opnemen", "onbekend formulier 'bestaat_niet'"),
        ),
        (
            changed(b'<spiffworkflow:property name="role" value="afhandelaar"/>', b""),
            ("Lane_afhandelaar", "deze lane heeft geen rol (eigenschap 'role')"),
        ),
        (
            changed(b'name="role" value="relatiemanager"/>', b'name="role" value="koning"/>'),
            ("Lane_relatiemanager", "onbekende rol 'koning'"),
        ),
        (
            changed(FLOW_TO_ESCALATION_END, b""),
            ("escalatie_contact", "vanaf dit element is geen eindgebeurtenis te bereiken"),
        ),
        (
            changed(FLOW_TO_ESCALATION_END, b""),
            ("escalatie_contact_afgehandeld", "dit element is niet bereikbaar vanaf een startgebeurtenis"),
        ),
        (
            with_contact_term('add_working_days(now(), "twee").isoformat()'),
            (
                "termijn_contact",
                "de termijn kan niet worden berekend: " + "n must be a non-negative int, got 'twee'",
            ),
        ),
        (
            with_contact_term("add_working_days(now(), 2)"),
            ("termijn_contact", "de termijn moet een tekst in ISO 8601 opleveren, niet datetime"),
        ),
        (
            with_contact_term("'volgende week'"),
            (
                "termijn_contact",
                "de termijn 'volgende week' is geen geldige ISO 8601-waarde " + "voor dit soort timer",
            ),
        ),
        (
            with_contact_term("add_working_days(now(, 2)"),
            (
                "termijn_contact",
                "de expressie is geen geldige Python (regel 1, kolom 22); verbeter de schrijfwijze",
            ),
        ),
        (
            with_script("quarter = kwartaal(started_at)"),
            ("kwartaal_bepalen", "het script roept onbekende functies aan: 'kwartaal'"),
        ),
        (
            changed(b'bpmnElement="escalatie_contact">', b'bpmnElement="elders">'),
            ("escalatie_contact", "dit element is niet getekend (ontbreekt in de BPMN DI)"),
        ),
    ],
)
def test_each_problem_points_at_its_element(engine, xml, problem):
    assert problem in engine.check_diagram(xml)
    with pytest.raises(InvalidDiagram) as refused:
        engine.deploy(xml, actor="pieter")
    assert problem in refused.value.problems
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]


def test_terms_that_need_case_data_are_checked_but_not_evaluated(engine):
    assert engine.check_diagram(with_contact_term("term_end(contact_deadline).isoformat()")) == []


def test_parse_errors_and_missing_drawings_are_problems_too(engine):
    assert engine.check_diagram(b"<not-closed")[0][1].startswith("geen geldige XML")
    assert engine.check_diagram(without_drawing()) == [
        (None, "het diagram heeft geen tekening (BPMN DI); bewaar het in een modeler")
    ]


def test_a_diagram_without_end_event_says_so(engine):
    xml = changed(b"<bpmn:endEvent ", b"<bpmn:intermediateThrowEvent ", XML, count=-1)
    xml = xml.replace(b"</bpmn:endEvent>", b"</bpmn:intermediateThrowEvent>")
    found = engine.check_diagram(xml)
    assert ("klachtafhandeling", "er is geen eindgebeurtenis") in found
