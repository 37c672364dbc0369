"""The Python in a diagram, checked before deploy: the sandbox's rules, known functions, timers.

Nothing here runs a script. Only timer expressions that need no case data are evaluated, in the
sandbox, after they passed its checks, to see that they give a moment the engine understands.
"""

import ast
from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from .bpmn_xml import NS, is_bpmn, owner_id, spiff_properties, timer
from .diagram_refusals import syntax_problem
from .plugin import ProcessPlugin
from .sandbox import SAFE_BUILTINS, SandboxEnvironment, check, free_names
from .timers import iso_literal

# (where the code is, how it is run)
CODE = (
    (".//bpmn:scriptTask/bpmn:script", "exec"),
    (".//spiffworkflow:preScript", "exec"),
    (".//spiffworkflow:postScript", "exec"),
    (".//bpmn:conditionExpression", "eval"),
    (".//bpmn:conditionalEventDefinition/bpmn:condition", "eval"),
    (".//bpmn:timerEventDefinition/*", "eval"),
    (".//spiffworkflow:messagePayload", "eval"),
    (".//bpmn:loopCardinality", "eval"),
    (".//bpmn:completionCondition", "eval"),
    (".//bpmn:loopCondition", "eval"),
    (".//bpmn:messagePath", "eval"),
)
TIMER_EVENTS = ("startEvent", "boundaryEvent", "intermediateCatchEvent")
PARSERS = {
    "timeDate": TimerEventDefinition.parse_time_or_duration,
    "timeDuration": TimerEventDefinition.parse_iso_duration,
    "timeCycle": TimerEventDefinition.parse_iso_recurring_interval,
}


def code_problems(tree, plugin: ProcessPlugin) -> list[tuple[str | None, str]]:
    """Scripts and expressions the sandbox would refuse, or that call functions nobody offers."""
    known = set(plugin.functions) | {"now"} | set(SAFE_BUILTINS)
    found = []
    for path, mode in CODE:
        for element in tree.iterfind(path, NS):
            if (element.text or "").strip() and not iso_literal(element.text):
                found.extend(_code_problem(owner_id(element), element.text, mode, known))
    for element in tree.iter():
        expression = spiff_properties(element).get("assignee") if is_bpmn(element, "userTask") else None
        if expression:
            found.extend(_code_problem(element.get("id"), expression, "eval", known))
    return found


def timer_problems(tree, plugin: ProcessPlugin, now: datetime) -> list[tuple[str | None, str]]:
    """Timers without an expression, and expressions without case data that give no valid moment."""
    known = set(plugin.functions) | {"now"} | set(SAFE_BUILTINS)
    sandbox = SandboxEnvironment({**plugin.functions, "now": lambda: now})
    found = []
    for element in tree.iter():
        definition = timer(element) if is_bpmn(element, *TIMER_EVENTS) else None
        if definition is None:
            continue
        kind, expression = definition
        if not expression:
            found.append((element.get("id"), "deze timer heeft geen tijdsexpressie"))
            continue
        if _code_problem(None, expression, "eval", known) or not free_names(expression) <= known:
            continue  # refused above, or it needs case data that only a running case has
        problem = _timer_value_problem(sandbox, kind, expression)
        if problem:
            found.append((element.get("id"), problem))
    return found


def _code_problem(element_id, source, mode, known) -> list[tuple[str | None, str]]:
    what = "het script" if mode == "exec" else "de expressie"
    try:
        tree = check(source, mode)
    except SyntaxError as error:
        return [(element_id, syntax_problem(what, source, error))]
    except ValueError as error:  # UnsafeCode, and constants Python refuses to parse
        return [(element_id, f"{what} is geweigerd: {error}")]
    unknown = sorted(_called(tree) - known - _assigned(tree))
    if unknown:
        names = ", ".join(f"'{name}'" for name in unknown)
        return [(element_id, f"{what} roept onbekende functies aan: {names}")]
    return []


def _timer_value_problem(sandbox, kind, expression) -> str | None:
    try:
        value = sandbox.evaluate(expression, {})
    except Exception as error:  # the diagram author's code: any error is a reason to refuse it
        return f"de termijn kan niet worden berekend: {error}"
    if not isinstance(value, str):
        return f"de termijn moet een tekst in ISO 8601 opleveren, niet {type(value).__name__}"
    try:
        PARSERS.get(kind, PARSERS["timeDate"])(value)
    except Exception:  # the library's parsers raise several kinds of errors
        return f"de termijn '{value}' is geen geldige ISO 8601-waarde voor dit soort timer"
    return None


def _called(tree) -> set[str]:
    return {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def _assigned(tree) -> set[str]:
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    names |= {n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)}
    return names
