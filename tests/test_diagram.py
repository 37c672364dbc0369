"""klachtafhandeling.bpmn is the procedure: complete, drawn, and deployable; bad diagrams are refused."""

import re

import pytest
from lxml import etree

import process
from bench.http import DIAGRAM as BENCH_DIAGRAM
from engine.diagram import NS, properties, read_diagram
from engine.errors import InvalidDiagram

XML = process.DIAGRAM.read_bytes()
TREE = etree.fromstring(XML)


def elements(tag):
    return TREE.findall(f".//bpmn:{tag}", NS)


def test_every_element_is_drawn():
    drawn = {shape.get("bpmnElement") for shape in TREE.iterfind(".//bpmndi:BPMNShape", NS)}
    routed = {edge.get("bpmnElement") for edge in TREE.iterfind(".//bpmndi:BPMNEdge", NS)}
    process_elements = TREE.findall(".//bpmn:process/*[@id]", NS)
    nodes = {e.get("id") for e in process_elements if not e.tag.endswith(("sequenceFlow", "laneSet"))}
    lanes = {lane.get("id") for lane in elements("lane")}
    flows = {flow.get("id") for flow in elements("sequenceFlow")}
    assert nodes | lanes <= drawn
    assert flows <= routed


def test_lanes_are_the_roles_and_user_tasks_name_known_forms():
    diagram = read_diagram(XML)
    forms = process.FormCatalog()
    for model in diagram.models.values():
        assert model.lane_roles and all(
            set(roles) <= set(process.ROLES) and roles for roles in model.lane_roles.values()
        )
        user_tasks = [s for s in model.spec.task_specs.values() if s.manual]
        assert user_tasks
        for spec in user_tasks:
            assert forms.schema(properties(spec)["formKey"]) is not None, spec.bpmn_id
            assert spec.lane and spec.documentation, spec.bpmn_id
    roles = {role for m in diagram.models.values() for r in m.lane_roles.values() for role in r}
    assert {"klager", "contactpersoon", "relatiemanager", "afhandelaar"} <= roles


def test_every_term_is_a_timer_calling_the_working_day_calendar():
    expressions = [e.text for e in TREE.iterfind(".//bpmn:timerEventDefinition/*", NS)]
    assert len(expressions) == 6
    for expression in expressions:
        assert re.search(r"\b(add_working_days|term_end|next_quarter_start)\(", expression)
    terms = sorted(int(n) for n in re.findall(r"add_working_days\(now\(\), (\d+)\)", " ".join(expressions)))
    assert terms == [2, 2, 5]


def test_the_contact_term_escalates_without_interrupting():
    boundary = TREE.find(".//bpmn:boundaryEvent[@id='termijn_contact']", NS)
    assert boundary.get("attachedToRef") == "contact_opnemen"
    assert boundary.get("cancelActivity") == "false"


def test_deploying_the_same_file_twice_makes_no_new_version(engine):
    again = engine.deploy(XML, actor="pieter")
    assert [(d.version, d.new) for d in again] == [(1, False), (1, False)]


def test_a_new_version_leaves_running_complaints_on_theirs(procedure, engine):
    running = procedure.register()
    changed = XML.replace(b"add_working_days(now(), 2)", b"add_working_days(now(), 3)", 1)
    assert changed != XML
    versions = {d.process_id: d for d in engine.deploy(changed, actor="pieter", comment="3 dagen")}
    assert (versions["klachtafhandeling"].version, versions["klachtafhandeling"].new) == (2, True)
    newer = procedure.register()
    assert engine.instance(running).version == 1
    assert engine.instance(newer).version == 2
    for ref in (running, newer):
        procedure.to_contact(ref)
    assert procedure.task(running, "contact_opnemen").due.day == 1  # Tuesday 1 December
    assert procedure.task(newer, "contact_opnemen").due.day == 2  # Wednesday 2 December


@pytest.mark.parametrize(
    "xml, problem",
    [
        (b"<not-closed", "geen geldige XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&b;</bpmn:definitions>',
            "DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&x;</bpmn:definitions>',
            "DOCTYPE",
        ),
        (
            b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
            b'targetNamespace="x"/>',
            "geen uitvoerbaar proces",
        ),
        (b"x" * 3_000_001, "groter dan"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(engine, xml, problem):
    with pytest.raises(InvalidDiagram, match=problem):
        engine.deploy(xml, actor="pieter")


def test_diagrams_without_drawing_or_with_unknown_forms_and_roles_are_refused(engine):
    broken = XML.replace(b'value="contact"/>', b'value="bestaat_niet"/>', 1)
    broken = broken.replace(b'value="auditor"', b'value="auditor"')
    broken = broken.replace(b'name="role" value="klager"', b'name="role" value="koning"', 1)
    with pytest.raises(InvalidDiagram) as refused:
        engine.deploy(broken, actor="pieter")
    assert ("contact_opnemen", "onbekend formulier 'bestaat_niet'") in refused.value.problems
    assert ("Lane_klager", "onbekende rol 'koning'") in refused.value.problems

    undrawn = re.sub(rb"<bpmndi:BPMNDiagram.*</bpmndi:BPMNDiagram>", b"", XML, flags=re.S)
    with pytest.raises(InvalidDiagram, match="tekening"):
        engine.deploy(undrawn, actor="pieter")
    assert all(not d.new for d in engine.deploy(XML, actor="pieter"))


def test_a_plain_diagram_without_lanes_or_forms_deploys_beside_the_procedure(engine):
    [deployed] = engine.deploy(BENCH_DIAGRAM.read_bytes(), actor="pieter")
    assert (deployed.process_id, deployed.version) == ("three_user_tasks", 1)
