"""A restricted evaluator for the expressions and scripts in deployed diagrams.

A diagram is data a process owner uploads, so its Python must not reach the server: no imports,
no names or attributes starting with an underscore (the way out of every Python sandbox), only a
short list of builtins and the functions the process offers, and a bounded number of steps.
"""

import ast
import builtins
import sys
from contextlib import contextmanager
from functools import lru_cache

from SpiffWorkflow.bpmn.script_engine import TaskDataEnvironment

from .sandbox_limits import DIAGRAM_FILE, GUARDS, MAX_SIZE, Deadline, guarded, running, shape_problem

MAX_STEPS = 100_000
MAX_CONSTANT = 10_000_000
SAFE_BUILTINS = {
    name: getattr(builtins, name)
    for name in (
        "abs all any bool dict divmod enumerate float int len list max min reversed round set "
        "sorted str sum tuple zip isinstance"
    ).split()
}
SAFE_BUILTINS["range"] = lambda *args: range(*args) if len(range(*args)) <= MAX_SIZE else _too_big()
FORBIDDEN_NODES = (
    ast.Import,
    ast.ImportFrom,
    ast.Global,
    ast.Nonlocal,
    ast.ClassDef,
    ast.AsyncFunctionDef,
    ast.Await,
    ast.Yield,
    ast.YieldFrom,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.Raise,
    ast.Delete,
    ast.TryStar,
    # Class patterns read attributes by name (`case K(__globals__=g)`), past the checks below.
    ast.Match,
)
# Ways to frames, code and attributes by name that do not start with an underscore: a generator's
# frame leads to its caller's globals, and str.format looks up "{0.__globals__}" itself.
FORBIDDEN_ATTRIBUTE_PREFIXES = ("gi_", "cr_", "ag_", "f_", "tb_", "co_")
FORBIDDEN_ATTRIBUTES = {"format", "format_map"}


class UnsafeCode(ValueError):
    """Code in a diagram that the sandbox refuses to run."""


def _too_big():
    raise UnsafeCode("range is te groot")


def check(source: str, mode: str = "eval") -> ast.AST:
    """Parse diagram code and refuse what the sandbox does not allow (UnsafeCode, TooCostly, SyntaxError)."""
    tree = shape_problem(source, mode)
    for node in ast.walk(tree):
        if isinstance(node, FORBIDDEN_NODES):
            raise UnsafeCode(f"'{type(node).__name__}' is niet toegestaan in een diagram")
        name = getattr(node, "id", None) or getattr(node, "attr", None) or getattr(node, "name", None)
        if isinstance(name, str) and name.startswith("_"):
            raise UnsafeCode(f"de naam '{name}' is niet toegestaan (begint met een liggend streepje)")
        if isinstance(node, ast.Attribute) and (
            node.attr.startswith(FORBIDDEN_ATTRIBUTE_PREFIXES) or node.attr in FORBIDDEN_ATTRIBUTES
        ):
            raise UnsafeCode(f"het attribuut '{node.attr}' is niet toegestaan in een diagram")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and abs(node.value) > MAX_CONSTANT
        ):
            raise UnsafeCode(f"het getal {node.value} is te groot")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            raise UnsafeCode("machtsverheffen (**) is niet toegestaan")
    return tree


@lru_cache(maxsize=1024)
def compiled(source: str, mode: str):
    """Checked code with the size guards woven in, compiled once per text."""
    return compile(guarded(check(source, mode)), DIAGRAM_FILE, mode)


def called_names(source: str, mode: str = "eval") -> set[str]:
    """The plain names the code calls, e.g. {'add_working_days', 'now'}."""
    tree = shape_problem(source, mode)
    return {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def free_names(source: str, mode: str = "eval") -> set[str]:
    tree = shape_problem(source, mode)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


@contextmanager
def bounded_steps(limit: int = MAX_STEPS):
    """Stop diagram code that runs too long (an endless loop in a script) or past its deadline."""
    steps = 0
    deadline = Deadline()

    def tracer(frame, event, arg):
        # Count only the diagram's own lines; the process's functions are trusted code.
        if frame.f_code.co_filename != DIAGRAM_FILE:
            return None
        nonlocal steps
        steps += 1
        deadline.check()
        if steps > limit:
            raise UnsafeCode("de code in het diagram duurde te lang en is gestopt")
        return tracer

    previous, outer = sys.gettrace(), getattr(running, "deadline", None)
    sys.settrace(tracer)
    running.deadline = deadline
    try:
        yield
    finally:
        sys.settrace(previous)
        running.deadline = outer


class SandboxEnvironment(TaskDataEnvironment):
    """SpiffWorkflow's task-data environment, with the checks above before anything runs."""

    def evaluate(self, expression, context, external_context=None):
        code = compiled(expression, "eval")
        scope = {**self.globals, **(external_context or {}), **context, **GUARDS}
        scope["__builtins__"] = SAFE_BUILTINS
        with bounded_steps():
            return eval(code, scope)

    def execute(self, script, context, external_context=None):
        code = compiled(script, "exec")
        self.check_for_overwrite(context, external_context or {})
        context.update({**self.globals, **(external_context or {}), **GUARDS, "__builtins__": SAFE_BUILTINS})
        try:
            with bounded_steps():
                exec(code, context)
        finally:
            self._remove_globals_and_functions_from_context(context, external_context)
        return True
