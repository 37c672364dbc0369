"""The procedure cannot be deployed away (issue 14): every version of klachtafhandeling keeps the
steps, forms, roles, working-day terms and closing the procedure demands; what is missing is listed
by element, in the modeler's check and on the command line. Texts, layout, term lengths and extra
steps stay free, and other processes deploy beside it with their own references."""

import re

import pytest

from engine.diagram import problems, read_diagram
from engine.errors import InvalidDiagram
from tests.test_cli import klacht  # noqa: F401  (fixture)
from webforms.composition import build_engine
from webforms.settings import Settings

from .diagrams import changed

PLUGIN = build_engine(Settings(database_url="sqlite://")).plugin
PREFIX = "vereist door de klachtprocedure: "


def three_user_tasks(process_id: bytes) -> bytes:
    """A diagram of another tool: start, three plain user tasks, end, drawn."""
    nodes = [b"start", b"task_a", b"task_b", b"task_c", b"end"]
    flows = b"".join(
        b'<bpmn:sequenceFlow id="f%d" sourceRef="%s" targetRef="%s"/>' % (n, a, b)
        for n, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False))
    )
    tasks = b"".join(b'<bpmn:userTask id="%s" name="Taak %s"/>' % (t, t[-1:]) for t in nodes[1:4])
    shapes = b"".join(
        b'<bpmndi:BPMNShape id="%s_di" bpmnElement="%s"><dc:Bounds x="%d" y="80" width="100" height="80"/>'
        b"</bpmndi:BPMNShape>" % (node, node, 100 + 150 * n)
        for n, node in enumerate(nodes)
    )
    edges = b"".join(
        b'<bpmndi:BPMNEdge id="f%d_di" bpmnElement="f%d"><di:waypoint x="1" y="1"/><di:waypoint x="2" y="2"/>'
        b"</bpmndi:BPMNEdge>" % (n, n)
        for n in range(4)
    )
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions '
        b'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        b'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        b'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        b'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
        b'id="d" targetNamespace="http://bpmn.io/schema/bpmn"><bpmn:process id="%s" isExecutable="true">'
        b'<bpmn:startEvent id="start"/>%s<bpmn:endEvent id="end"/>%s</bpmn:process>'
        b'<bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="%s">%s%s'
        b"</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>"
        % (process_id, tasks, flows, process_id, shapes, edges)
    )


def broken(xml: bytes) -> list[tuple[str | None, str]]:
    """The contract's findings on a diagram (the other checks' findings left out)."""
    found = problems(read_diagram(xml), PLUGIN)
    return [
        (element, message.removeprefix(PREFIX)) for element, message in found if message.startswith(PREFIX)
    ]


def test_a_three_task_diagram_renamed_to_the_procedure_is_refused_with_all_it_lacks(engine):
    with pytest.raises(InvalidDiagram) as refused:
        engine.deploy(three_user_tasks(b"klachtafhandeling"), actor="pieter")
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]
    missing = [
        message.split(" ontbreekt")[0] for element, message in refused.value.problems if element is None
    ]
    assert missing == [
        PREFIX + "de registratie",
        PREFIX + "de goedkeuring door de klager",
        PREFIX + "het bepalen van de klacht-afhandelaar",
        PREFIX + "het contact met de klager",
        PREFIX + "het rapporteren van de afhandeling",
        PREFIX + "de tevredenheidscheck",
        PREFIX + "het alsnog oplossen",
    ]


def test_another_process_deploys_beside_the_procedure_with_references_of_its_own(engine):
    [deployed] = engine.deploy(three_user_tasks(b"three_user_tasks"), actor="pieter")
    assert (deployed.process_id, deployed.version) == ("three_user_tasks", 1)
    started = engine.start("three_user_tasks", "yasmin", {})
    assert not started.reference.startswith("KL-")
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (  # the complainant's approval recorded on the registration form
            b'value="akkoord"',
            b'value="registratie"',
            [("akkoord_klager", "de goedkeuring door de klager moet het formulier 'akkoord' gebruiken")],
        ),
        (  # the complainant's lane given to staff only
            b'name="role" value="klager"',
            b'name="role" value="contactpersoon"',
            [
                ("akkoord_klager", "de goedkeuring door de klager hoort in een lane met de rol 'klager'"),
                ("tevredenheid_controleren", "de tevredenheidscheck hoort in een lane met de rol 'klager'"),
            ],
        ),
        (  # contact by anyone instead of the assigned handler
            b'<spiffworkflow:property name="formKey" value="contact"/>'
            b'<spiffworkflow:property name="assignee" value="handler"/>',
            b'<spiffworkflow:property name="formKey" value="contact"/>',
            [
                (
                    "contact_opnemen",
                    "het contact met de klager is voor de toegewezen afhandelaar (toegewezen aan 'handler')",
                )
            ],
        ),
        (  # a fixed date instead of working days
            b"add_working_days(now(), 2).isoformat()",
            b"'2030-01-01T00:00:00+01:00'",
            [
                (
                    "contact_opnemen",
                    "het contact met de klager heeft een termijn in werkdagen nodig "
                    "(een timer aan deze taak)",
                )
            ],
        ),
        (  # the handler assigned whether or not the complainant approved
            b'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">approved<',
            b'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">True<',
            [
                (
                    "afhandelaar_bepalen",
                    "de afhandelaar mag pas worden bepaald als de klager akkoord is (approved)",
                )
            ],
        ),
        (  # registration straight to contact: no approval, no assignment
            b'sourceRef="klacht_ontvangen" targetRef="akkoord_klager"',
            b'sourceRef="klacht_ontvangen" targetRef="contact_opnemen"',
            [
                (
                    "contact_opnemen",
                    "het contact met de klager mag pas na het bepalen van de klacht-afhandelaar komen, "
                    "op elke weg door het proces",
                )
            ],
        ),
        (  # re-resolution closes the complaint instead of asking again
            b'sourceRef="opnieuw_oplossen" targetRef="tevredenheid_controleren"',
            b'sourceRef="opnieuw_oplossen" targetRef="klacht_gesloten"',
            [
                ("opnieuw_oplossen", "na het alsnog oplossen volgt opnieuw de tevredenheidscheck"),
                (
                    "tevredenheid_controleren",
                    "de afsluiting ontbreekt: een eindgebeurtenis die alleen volgt als de klager tevreden is "
                    "(satisfied)",
                ),
            ],
        ),
        (  # an escalation that ends the whole complaint
            b"<bpmn:incoming>Flow_escalatie_contact_eind</bpmn:incoming>",
            b"<bpmn:incoming>Flow_escalatie_contact_eind</bpmn:incoming>"
            b'<bpmn:terminateEventDefinition id="stop"/>',
            [
                (
                    "escalatie_contact_afgehandeld",
                    "deze eindgebeurtenis beëindigt de klacht vóór een tevredenheidscheck",
                )
            ],
        ),
    ],
    ids=[
        "approval-form",
        "complainant-lane",
        "contact-assignee",
        "fixed-term",
        "unconditional-assignment",
        "bypass",
        "re-resolution-closes",
        "terminating-escalation",
    ],
)
def test_a_version_that_breaks_a_step_is_refused_at_that_step(old, new, expected):
    assert broken(changed(old, new)) == expected


def test_texts_layout_term_lengths_and_an_extra_step_stay_free():
    xml = changed(b'name="Contact opnemen met klager"', b'name="Bel de klager"')
    xml = changed(b"Neem binnen 2 werkdagen contact op", b"Bel binnen 3 werkdagen", xml)
    xml = changed(
        b"add_working_days(now(), 2).isoformat()", b"add_working_days(now(), 3).isoformat()", xml, 2
    )
    xml = re.sub(rb'(<dc:Bounds x=")(\d+)', lambda m: m[1] + str(int(m[2]) + 40).encode(), xml)
    # An extra step between the report and the satisfaction check, in the handler's lane.
    xml = changed(
        b'sourceRef="gw_splitsen" targetRef="tevredenheid_controleren"',
        b'sourceRef="gw_splitsen" targetRef="nabellen"',
        xml,
    )
    xml = changed(
        b"</bpmn:process>",
        b'<bpmn:userTask id="nabellen" name="Nabellen"><bpmn:extensionElements>'
        b'<spiffworkflow:properties><spiffworkflow:property name="formKey" value="escalatie"/>'
        b"</spiffworkflow:properties></bpmn:extensionElements></bpmn:userTask>"
        b'<bpmn:sequenceFlow id="Flow_nabellen" sourceRef="nabellen" targetRef="tevredenheid_controleren"/>'
        b"</bpmn:process>",
        xml,
    )
    xml = changed(
        b"<bpmn:flowNodeRef>opnieuw_oplossen</bpmn:flowNodeRef>",
        b"<bpmn:flowNodeRef>opnieuw_oplossen</bpmn:flowNodeRef><bpmn:flowNodeRef>nabellen</bpmn:flowNodeRef>",
        xml,
    )
    xml = changed(
        b"</bpmndi:BPMNPlane>",
        b'<bpmndi:BPMNShape id="nabellen_di" bpmnElement="nabellen">'
        b'<dc:Bounds x="900" y="900" width="100" height="80"/></bpmndi:BPMNShape>'
        b'<bpmndi:BPMNEdge id="Flow_nabellen_di" bpmnElement="Flow_nabellen"><di:waypoint x="1" y="1"/>'
        b'<di:waypoint x="2" y="2"/></bpmndi:BPMNEdge></bpmndi:BPMNPlane>',
        xml,
    )
    assert problems(read_diagram(xml), PLUGIN) == []


def test_the_command_line_refuses_with_the_list_of_what_is_missing(klacht, tmp_path):  # noqa: F811
    diagram = tmp_path / "drie.bpmn"
    diagram.write_bytes(three_user_tasks(b"klachtafhandeling"))
    done = klacht.run("deploy", str(diagram), expect=2)
    assert done.stderr.startswith("Fout: Het diagram kan niet worden gebruikt: ")
    assert "de goedkeuring door de klager ontbreekt" in done.stderr
    assert "het alsnog oplossen ontbreekt" in done.stderr
    assert "Traceback" not in done.stderr
