"""Diagrams made by other modelers and engines' test suites (tests/diagrams/corpus, sources and
licences in SOURCES.md): each is accepted and runs to its end (or to a wait the table below
explains), or it is refused in plain Dutch, naming the element, before anything is deployed.

A file without a drawing is refused for that; it is tried a second time with a plain drawing
added, so that what it models is checked too.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from engine.errors import EngineError, InvalidDiagram

from .conftest import DATABASES, FRIDAY_MORNING, fresh_database, fresh_engine
from .diagrams import drawn

CORPUS = Path(__file__).parent / "diagrams" / "corpus"
FILES = sorted(CORPUS.glob("*.bpmn"))
INTERNALS = re.compile(r"<Element|0x[0-9a-f]{6,}|\{http|Traceback|Exception|object at")
ENGLISH = re.compile(r"\b(the|is not|must|cannot|expected|missing|unknown|error)\b", re.IGNORECASE)
UNDRAWN = "het diagram heeft geen tekening"
MAX_ROUNDS = 40

# What each file comes to: "closed" (run to its end), "start refused" (a Dutch refusal when a
# case is started, e.g. a condition on data the case does not have), or "refused: <part of the
# Dutch reason>". A file without a drawing is judged with a plain drawing added.
EXPECTED = {
    "camunda-BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess.bpmn": "refused: geen eindgebeurtenis",
    "camunda-BoundaryTimerEventTest.testMultipleTimersOnUserTask.bpmn": "closed",
    "camunda-BoundaryTimerNonInterruptingEventTest.testTimerOnMiUserTask.bpmn": "closed",
    "camunda-ErrorEndEventTest.testError.bpmn": "closed",
    "camunda-ErrorEventSubProcessTest.testCatchErrorInEmbeddedSubProcess.bpmn": "refused: op een timer",
    "camunda-EventBasedGatewayTest.testCatchSignalAndMessageAndTimer.bpmn": "refused: heeft geen id",
    "camunda-ExclusiveGatewayTest.testDivergingExclusiveGateway.bpmn": "refused: JUEL of FEEL",
    "camunda-InclusiveGatewayTest.testDefaultSequenceFlow.bpmn": "refused: JUEL of FEEL",
    "camunda-InclusiveGatewayTest.testMergingInclusiveGateway.bpmn": "refused: JUEL of FEEL",
    "camunda-IntermediateTimerEventTest.testCatchingTimerEvent.bpmn": "closed",
    "camunda-MessageEventSubprocessTest.testInterruptingUnderProcessDefinition.bpmn": "refused: geen id",
    "camunda-MessageIntermediateEventTest.testSingleIntermediateMessageEvent.bpmn": "refused: niets in het",
    "camunda-MessageStartEventTest.testSingleMessageStartEvent.bpmn": "refused: niemand kan het sturen",
    "camunda-MultiInstanceTest.sequentialUserTasks.bpmn": "refused: JUEL of FEEL",
    "camunda-MultiInstanceTest.testParallelScriptTasks.bpmn": "refused: in 'groovy' geschreven",
    "camunda-MultiInstanceTest.testParallelSubProcess.bpmn": "closed",
    "camunda-MultiInstanceTest.testParallelUserTasks.bpmn": "refused: JUEL of FEEL",
    "camunda-MultiInstanceTest.testSequentialSubProcess.bpmn": "closed",
    "camunda-ParallelGatewayTest.testForkFollowedByOnlyEndEvents.bpmn": "closed",
    "camunda-ParallelGatewayTest.testForkJoin.bpmn": "refused: heeft geen id",
    "camunda-ParallelGatewayTest.testNestedForkJoin.bpmn": "refused: het id 'Start' gebruikt de engine zelf",
    "camunda-ParallelGatewayTest.testUnbalancedForkJoin.bpmn": "refused: heeft geen id",
    "camunda-SignalEventTests.catchAlertSignal.bpmn": "refused: heeft geen id",
    "camunda-StartTimerEventTest.testFixedDateStartTimerEvent.bpmn": "refused: een bericht zonder naam",
    "camunda-SubProcessTest.testNestedSimpleSubProcess.bpmn": "closed",
    "camunda-SubProcessTest.testSimpleSubProcess.bpmn": "closed",
    "camunda-SubProcessTest.testSimpleSubProcessWithTimer.bpmn": "refused: geen eindgebeurtenis",
    "camunda-SubProcessTest.testTwoSubProcessInParallel.bpmn": "closed",
    "camunda-TaskCandidateTest.testSingleCandidateGroup.bpmn": "closed",
    "camunda-TaskDueDateExtensionsTest.testDueDateExtension.bpmn": "closed",
    "camunda-UserTaskTest.testCompleteAfterParallelGateway.bpmn": "closed",
    "camunda-UserTaskTest.testSimpleProcess.bpmn": "closed",
    "miwg-CamundaEclipsePlugin-A.4.1-export.bpmn": "refused: geen uitvoerbaar proces",
    "miwg-IBMProcessDesigner-A.2.0-export.bpmn": "refused: geen implementatie voor servicetaken",
    "miwg-IBMProcessDesigner-A.3.0-export.bpmn": "refused: geen geldige XML (regel 2",
    "miwg-OMNITRACKER-A.1.0-export.bpmn": "refused: volgt het BPMN 2.0-schema niet",
    "spiff-boundary_timer_on_task.bpmn": "refused: geen eindgebeurtenis",
    "spiff-data_store.bpmn": "refused: geen gegevensopslag",
    "spiff-exclusive_gateway_no_default.bpmn": "start refused",
    "spiff-no-tasks.bpmn": "closed",
}


@pytest.fixture(scope="module", params=DATABASES)
def corpus_engine(request, tmp_path_factory):
    """One engine for the whole corpus: each file deploys its own processes beside the others."""
    from webforms.cli import add_demo_users
    from webforms.composition import install

    with fresh_database(request.param, tmp_path_factory.mktemp("corpus")) as url:
        built = fresh_engine(url)
        install(built)
        add_demo_users(built)
        yield built
        built.db.dispose()


def test_the_corpus_has_forty_files_each_with_its_source_and_outcome():
    sources = (CORPUS / "SOURCES.md").read_text()
    assert len(FILES) >= 40
    for path in FILES:
        assert f"`{path.name}`" in sources, path.name
    assert sorted(EXPECTED) == sorted(path.name for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_a_foreign_diagram_runs_to_its_end_or_is_refused_in_dutch(corpus_engine, path):
    xml = path.read_bytes()
    outcome, reasons = _outcome(corpus_engine, xml)
    if any(UNDRAWN in reason for reason in reasons):
        outcome, reasons = _outcome(corpus_engine, drawn(xml))
    expected, _, reason = EXPECTED[path.name].partition(": ")
    assert outcome == expected, reasons
    assert reason in " ".join(reasons)


def _outcome(engine, xml) -> tuple[str, list[str]]:
    """Deploy the file and run every process of it that people start; the worst outcome counts."""
    engine.clock.set(FRIDAY_MORNING)
    try:
        deployed = engine.deploy(xml, actor="pieter")
    except InvalidDiagram as refused:
        _assert_dutch(refused.problems)
        return "refused", [message for _, message in refused.problems]
    outcomes = sorted(_run(engine, d.process_id) for d in deployed)
    return next((o for o in outcomes if o != "closed"), "closed"), []


def _run(engine, process_id) -> str:
    try:
        reference = engine.start(process_id, "yasmin", {}).reference
    except EngineError as refused:  # e.g. a condition on data only a form of its own would give
        _assert_dutch([(None, refused.message)])
        return "start refused"
    for _ in range(MAX_ROUNDS):
        instance = engine.instance(reference)
        if instance.status != "open":
            return instance.status
        ready = engine.tasks(reference=reference)
        if ready:
            _complete(engine, ready[0])
        elif instance.next_due is not None:
            engine.clock.set(instance.next_due + timedelta(seconds=1))
            engine.fire_due_timers()
        else:
            return "waits: nothing left to do"
    return "waits: still busy"


def _complete(engine, task) -> None:
    try:
        engine.complete_task(task.id, "yasmin", {})
    except EngineError as refused:
        _assert_dutch([(task.bpmn_id, refused.message)])
        raise AssertionError(f"{task.bpmn_id} could not be completed: {refused.message}") from None


def _assert_dutch(problems) -> None:
    for _, message in problems:
        assert not INTERNALS.search(message), message
        words = re.sub(r"'[^']*'", "", message)  # the diagram's own names may well be English
        assert not ENGLISH.search(words), message
