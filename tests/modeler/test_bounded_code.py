"""Diagram code is bounded in time and memory (issue 14): each attack on the evaluator ends within
a second with a Dutch refusal, at validation (the trial evaluation of timers) and when a deployed
script runs; ordinary code still computes what it did."""

import time
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import pytest
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException

from engine.clock import FixedClock
from engine.diagram import read_diagram
from engine.errors import ProcessFailure
from engine.sandbox import SandboxEnvironment
from engine.sandbox_limits import TooCostly
from engine.state import ClockedScriptEngine, new_workflow

from .diagrams import XML, changed
from .test_procedure_contract import three_user_tasks

GIGABYTES = "str(len('x' * 10_000_000 * 300))"
CHANGE_TERM = b"term_end(procedure_change_term).isoformat()"


def with_change_term(expression: str) -> bytes:
    """The bundled diagram with the procedure change's timer (a term the process owner sets) as given."""
    return changed(CHANGE_TERM, escape(expression).encode())


def checked_quickly(engine, xml) -> list[tuple[str | None, str]]:
    """The check's findings; the attack may add at most a second to checking the bundled diagram
    (which itself takes longer than that on a busy machine)."""
    started = time.perf_counter()
    assert engine.check_diagram(XML) == []
    plain = time.perf_counter() - started
    started = time.perf_counter()
    found = engine.check_diagram(xml)
    assert time.perf_counter() - started < plain + 1.0
    return found


@pytest.mark.parametrize(
    "term, reason",
    [
        (  # 3 s of products of 60-million-bit integers before the guards, in the request's thread
            "'2027-01-01T00:00:00+01:00' if ((9999999 << 9999999 << 9999999) * "
            "(9999999 << 9999999 << 9999999)) * ((9999999 << 9999999 << 9999999) * "
            "(9999999 << 9999999 << 9999999)) else ''",
            "het getal wordt te groot (meer dan 4096 bits)",
        ),
        ("str((9999999 << 4000) * (9999999 << 4000))", "het getal wordt te groot (meer dan 4096 bits)"),
        (GIGABYTES, "de herhaling geeft meer dan 1000000 tekens of elementen"),
    ],
    ids=["big-integers", "growing-product", "gigabytes"],
)
def test_a_costly_timer_is_refused_by_the_trial_evaluation_within_a_second(engine, term, reason):
    [(element, message)] = checked_quickly(engine, with_change_term(term))
    assert element == "termijn_procedurewijziging"
    assert message.startswith("de termijn kan niet worden berekend: ") and reason in message


@pytest.mark.parametrize(
    "term, reason",
    [
        ("not " * 100_000 + "True", "de code is langer dan 50000 tekens"),
        ("-" * 100_000 + "1", "de code is langer dan 50000 tekens"),
        ("-" * 5_000 + "1", "de code is te diep genest"),
        ("-" * 200 + "1", "de code is dieper genest dan 100 niveaus"),
    ],
    ids=["not-100000", "minus-100000", "minus-5000", "minus-200"],
)
def test_deeply_nested_code_is_refused_within_a_second(engine, term, reason):
    [(element, message)] = checked_quickly(engine, with_change_term(term))
    assert (element, message) == ("termijn_procedurewijziging", f"de expressie is geweigerd: {reason}")


def test_a_deployed_script_that_would_take_gigabytes_stops_within_a_second(engine):
    script = b'<bpmn:scriptTask id="task_a" name="Taak a"><bpmn:script>x = len(\'x\' * 10_000_000 * 300)'
    xml = three_user_tasks(b"met_script").replace(
        b'<bpmn:userTask id="task_a" name="Taak a"/>', script + b"</bpmn:script></bpmn:scriptTask>"
    )
    engine.deploy(xml, actor="pieter")
    engine.deploy(three_user_tasks(b"zonder_script"), actor="pieter")
    started = time.perf_counter()
    engine.start("zonder_script", "yasmin", {})
    plain = time.perf_counter() - started
    started = time.perf_counter()
    with pytest.raises(ProcessFailure) as stopped:
        engine.start("met_script", "yasmin", {})
    assert time.perf_counter() - started < plain + 1.0
    assert stopped.value.message.startswith(
        "Het proces liep vast bij 'Taak a' (task_a): de herhaling geeft meer dan 1000000 tekens of elementen"
    )
    assert engine.instances("met_script") == []


@pytest.mark.parametrize(
    "code",
    [
        "x = f'{1:>999999999}'",
        "x = '%999999999d' % 1",
        "x = 'x'.ljust(9999999 * 999)",
        "x = ''.join(['x' * 1000000] * 1000)",
        "x = ('x' * 1000000).replace('', 'yy')",
        "s = 'x'\nfor i in range(100):\n    s += s",
        "a = [[0] * 999999]\nx = sorted(a * 1000)",
        "x = sum([[1]] * 1000, [])",
        "n = 9999999 << 5000",
        # each value under the size limit, a hundred gigabytes together
        "d = {}\nfor i in range(100000):\n    d[i] = 'x' * 999999",
    ],
)
def test_other_ways_to_grow_a_value_are_refused_before_they_compute(code):
    started = time.perf_counter()
    with pytest.raises(TooCostly):
        SandboxEnvironment({}).execute(code, {})
    assert time.perf_counter() - started < 1.0


def test_ordinary_code_computes_as_before():
    data = {"items": [3, 1, 2], "name": "Jan"}
    SandboxEnvironment({}).execute(
        "total = sum(items) * 2 + 1\nordered = sorted(items) + [4] * 2\n"
        "label = f'{name:>5}|' + ', '.join(str(i) for i in items)\ncount = 0\n"
        "for i in range(1000):\n    count += i % 7\nbig = 2 << 64",
        data,
    )
    assert data["total"] == 13 and data["ordered"] == [1, 2, 3, 4, 4]
    assert data["label"] == "  Jan|3, 1, 2" and data["count"] == 2997 and data["big"] == 2 << 64


def test_an_expression_stopped_at_run_time_says_why_in_dutch_and_other_errors_stay_the_librarys():
    model = read_diagram(three_user_tasks(b"drie")).models["drie"]
    workflow = new_workflow(model, ClockedScriptEngine({}, FixedClock(datetime(2026, 12, 4, tzinfo=UTC))), {})
    task = workflow.task_tree
    with pytest.raises(WorkflowTaskException) as stopped:
        workflow.script_engine.evaluate(task, "len('x' * 10_000_000 * 300)")
    assert str(stopped.value).startswith(
        "de code in het diagram is gestopt: de herhaling geeft meer dan 1000000 tekens of elementen"
    )
    with pytest.raises(WorkflowTaskException, match="Error evaluating expression"):
        workflow.script_engine.evaluate(task, "nobody_knows + 1")


class SlowClock:
    """time.monotonic for the sandbox's deadline, moved by the test instead of waiting: `tick`
    seconds pass at each look at the clock."""

    def __init__(self, tick=0.0):
        self.now, self.tick = 1000.0, tick

    def monotonic(self):
        self.now += self.tick
        return self.now


def test_the_deadline_counts_the_diagrams_time_not_the_process_functions(monkeypatch):
    clock = SlowClock()
    monkeypatch.setattr("engine.sandbox_limits.time.monotonic", clock.monotonic)

    def first_term_of_the_year():  # builds a year of holidays: slow, but the process's own code
        clock.now += 5
        return "2027-01-04"

    data = {}
    SandboxEnvironment({"term": first_term_of_the_year}).execute("due = term()\nafter = due", data)
    assert data == {"due": "2027-01-04", "after": "2027-01-04"}

    clock.tick = 0.3  # each line of the diagram's own code takes 0.3 s
    with pytest.raises(TooCostly, match="duurde langer dan 1 seconde"):
        SandboxEnvironment({}).execute("a = 1\nb = 2\nc = 3\nd = 4\ne = 5", {})


def test_a_term_of_millions_of_working_days_is_refused_within_a_second(engine):
    [(element, message)] = checked_quickly(
        engine, with_change_term("add_working_days(now(), 9999999).isoformat()")
    )
    assert (element, message) == (
        "termijn_procedurewijziging",
        "de termijn kan niet worden berekend: een termijn van meer dan 1000 werkdagen is niet toegestaan",
    )
