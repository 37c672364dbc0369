"""Validation is honest: what the engine cannot run is refused before deploy, in Dutch, naming the
element and what to do; what it accepts runs, and a diagram failing while it runs is a refusal."""

import re
from datetime import timedelta

import pytest

from engine.errors import InvalidDiagram, ProcessFailure

from .conftest import fresh_engine
from .diagrams import drawn, load

HEAD = (
    '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="x">'
)
MESSAGE = '<bpmn:message id="msg" name="Bericht"/>'
# Signs of text a user must never see: object reprs, namespaces, English library messages.
INTERNALS = re.compile(r"<Element|0x[0-9a-f]+|\{http|Traceback|Error\b|not supported|must have|Expected")


def diagram(middle: str, extra: str = "") -> bytes:
    """A process start -> m -> end, `middle` defining the element m."""
    return drawn(
        (
            HEAD + extra + '<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/>'
            '<bpmn:sequenceFlow id="a" sourceRef="s" targetRef="m"/>' + middle + '<bpmn:sequenceFlow id="b" '
            'sourceRef="m" targetRef="e"/><bpmn:endEvent id="e"/></bpmn:process></bpmn:definitions>'
        ).encode()
    )


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    """One engine for the refusals: nothing refused reaches the database, so one will do."""
    built = fresh_engine(f"sqlite:///{tmp_path_factory.mktemp('checks')}/k.db")
    yield built
    built.db.dispose()


def refusals(engine, xml) -> list[tuple[str | None, str]]:
    with pytest.raises(InvalidDiagram) as refused:
        engine.deploy(xml, actor="pieter")
    assert engine.check_diagram(xml) == refused.value.problems
    for _, message in refused.value.problems:
        assert not INTERNALS.search(message), message
    return refused.value.problems


@pytest.mark.parametrize(
    "middle, extra, element, reason",
    [
        (
            '<bpmn:serviceTask id="m" name="Factuur sturen"/>',
            "",
            "m",
            "servicetaak 'Factuur sturen': deze engine heeft geen implementatie",
        ),
        (
            '<bpmn:businessRuleTask id="m" name="Regel"/>',
            "",
            "m",
            "bedrijfsregeltaak 'Regel': deze engine voert geen beslistabellen",
        ),
        ('<bpmn:complexGateway id="m" name="C"/>', "", "m", "complexe gateway 'C'"),
        (
            '<bpmn:receiveTask id="m" name="Ontvang" messageRef="msg"/>',
            MESSAGE,
            "m",
            "wacht op het bericht 'Bericht', maar niets",
        ),
        (
            '<bpmn:intermediateCatchEvent id="m" name="Wacht"><bpmn:signalEventDefinition signalRef="sig"/>'
            "</bpmn:intermediateCatchEvent>",
            '<bpmn:signal id="sig" name="Sein"/>',
            "m",
            "tussengebeurtenis 'Wacht': wacht op het signaal 'Sein'",
        ),
        (
            '<bpmn:task id="m" name="T"><bpmn:dataOutputAssociation id="o">'
            "<bpmn:targetRef>ds</bpmn:targetRef></bpmn:dataOutputAssociation></bpmn:task>"
            '<bpmn:dataStoreReference id="ds" name="Data"/>',
            "",
            "ds",
            "gegevensopslag 'Data': deze engine gebruikt geen gegevensopslag",
        ),
        (
            '<bpmn:intermediateCatchEvent id="m" name="Als"><bpmn:conditionalEventDefinition><bpmn:condition '
            'xsi:type="bpmn:tFormalExpression">x == 1</bpmn:condition></bpmn:conditionalEventDefinition>'
            "</bpmn:intermediateCatchEvent>",
            "",
            "m",
            "deze engine bewaakt geen voorwaarden",
        ),
        (
            '<bpmn:intermediateThrowEvent id="m" name="Herstel"><bpmn:compensateEventDefinition/>'
            "</bpmn:intermediateThrowEvent>",
            "",
            "m",
            "geen compensatie",
        ),
        ('<bpmn:transaction id="m" name="Tx"/>', "", "m", "transactie 'Tx'"),
        (
            '<bpmn:adHocSubProcess id="m" name="Vrij"><bpmn:task id="t"/></bpmn:adHocSubProcess>',
            "",
            "m",
            "ad-hoc",
        ),
        (
            '<bpmn:task id="m" name="T"/><bpmn:sequenceFlow id="c" sourceRef="m" targetRef="e"/>',
            "",
            "m",
            "taak 'T': meerdere uitgaande stromen",
        ),
        (
            '<bpmn:task id="m" name="T"/><bpmn:sequenceFlow id="c" sourceRef="m" targetRef="nergens"/>',
            "",
            "c",
            "deze stroom verwijst naar 'nergens'",
        ),
        (
            '<bpmn:task id="m" name="T"><bpmn:onzin/></bpmn:task>',
            "",
            None,
            "BPMN 2.0-schema niet bij het element 'onzin'",
        ),
    ],
)
def test_what_the_engine_cannot_run_is_refused_naming_the_element(checker, middle, extra, element, reason):
    problems = refusals(checker, diagram(middle, extra))
    assert any(key == element and reason in message for key, message in problems), problems


def test_an_event_subprocess_on_an_error_is_refused_because_the_library_would_start_it_at_once(checker):
    xml = diagram(
        '<bpmn:task id="m" name="T"/><bpmn:subProcess id="opvang" triggeredByEvent="true">'
        '<bpmn:startEvent id="bij_fout" name="Bij een fout"><bpmn:errorEventDefinition/></bpmn:startEvent>'
        '<bpmn:sequenceFlow id="o1" sourceRef="bij_fout" targetRef="opvang_einde"/>'
        '<bpmn:endEvent id="opvang_einde"/></bpmn:subProcess>'
    )
    [(element, message)] = refusals(checker, xml)
    assert element == "bij_fout"
    assert message.startswith("startgebeurtenis 'Bij een fout': een gebeurtenis-deelproces start in deze")


def test_a_message_start_nobody_can_send_is_refused(checker):
    xml = drawn(
        (
            HEAD
            + MESSAGE
            + '<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" name="Bij bericht">'
            '<bpmn:messageEventDefinition messageRef="msg"/></bpmn:startEvent><bpmn:sequenceFlow id="a" '
            'sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/></bpmn:process></bpmn:definitions>'
        ).encode()
    )
    [(element, message)] = refusals(checker, xml)
    assert (
        element == "s" and "dit proces start op het bericht 'Bericht', maar niemand kan het sturen" in message
    )


def test_broken_xml_is_refused_with_where_not_with_the_parser_text(checker):
    [(element, message)] = refusals(checker, b"<bpmn:definitions><oops></bpmn:definitions>")
    assert element is None and message.startswith("geen geldige XML (regel 1, kolom")


def test_a_message_thrown_in_the_same_process_is_caught(engine):
    engine.deploy(load("messages"), actor="pieter")
    reference = engine.start("met_berichten", "yasmin", {}).reference
    [work] = engine.tasks(reference=reference)
    engine.complete_task(work.id, "yasmin", {})
    assert engine.instance(reference).status == "closed"
    assert "wachten" in engine.instance_path(reference).completed


def test_a_diagram_failing_while_it_runs_is_a_dutch_refusal_and_nothing_is_saved(engine):
    xml = diagram(
        '<bpmn:scriptTask id="m" name="Delen"><bpmn:script>x = 1 / 0</bpmn:script></bpmn:scriptTask>'
    )
    engine.deploy(xml, actor="pieter")
    with pytest.raises(ProcessFailure) as failed:
        engine.start("p", "yasmin", {})
    assert failed.value.message.startswith("Het proces liep vast bij 'Delen' (m): een deling door nul.")
    assert engine.instances(process_id="p") == []


def test_an_unknown_name_in_a_script_names_the_name(engine):
    xml = diagram(
        '<bpmn:scriptTask id="m" name="Lezen"><bpmn:script>x = onbekend + 1</bpmn:script></bpmn:scriptTask>'
    )
    engine.deploy(xml, actor="pieter")
    with pytest.raises(ProcessFailure, match="bij 'Lezen' \\(m\\): de onbekende naam 'onbekend'"):
        engine.start("p", "yasmin", {})


@pytest.mark.parametrize("text", ["PT5M", "2026-11-27T09:05:00Z", "R1/PT5M"])
def test_a_timer_written_as_plain_iso_text_as_other_modelers_write_it_runs(engine, text):
    kind = "timeCycle" if text.startswith("R") else "timeDate" if "-" in text else "timeDuration"
    xml = diagram(
        f'<bpmn:intermediateCatchEvent id="m" name="Wachten"><bpmn:timerEventDefinition><bpmn:{kind}>{text}'
        f"</bpmn:{kind}></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
    )
    engine.deploy(xml, actor="pieter")
    reference = engine.start("p", "yasmin", {}).reference
    due = engine.instance(reference).next_due
    assert due is not None and due <= engine.clock.now() + timedelta(minutes=5)
    engine.clock.set(due + timedelta(seconds=1))
    engine.fire_due_timers()
    assert engine.instance(reference).status == "closed"
