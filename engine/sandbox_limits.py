"""Bounds on what one piece of diagram code may cost, checked before each operation computes.

A step limit stops long loops, but one operation can cost seconds and gigabytes on its own (a
product of huge integers, 'x' * 10_000_000 * 300) while it holds the interpreter, so every other
request waits. The sandbox rewrites the diagram's code so that arithmetic, calls, comparisons and
formatted values pass through the guards below, which refuse an operation whose result would be
too large before it is computed. Sizes count the characters of texts and the items of lists, sets
and dicts, through nested ones.
"""

import ast
import operator
import re
import threading
import time
from itertools import compress

DIAGRAM_FILE = "<diagram>"  # the file name diagram code is compiled under
MAX_SOURCE = 50_000  # characters of one script or expression
MAX_DEPTH = 100  # nesting of the code's syntax tree
MAX_INT_BITS = 4_096  # about 1,200 digits
MAX_SIZE = 1_000_000  # characters of a text, items of a collection (counted through nested ones)
MAX_TOTAL = 5_000_000  # characters and items built by one evaluation, all values together
DEADLINE_SECONDS = 1.0

OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
    ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_,
    ast.BitXor: operator.xor,
    ast.MatMult: operator.matmul,
}
NAMES = {op: op.__name__ for op in OPERATORS}
BY_NAME = {op.__name__: function for op, function in OPERATORS.items()}
TEXTS = (str, bytes, bytearray)
COLLECTIONS = (list, tuple, set, frozenset, dict, range)
SIZED = TEXTS + COLLECTIONS
SIZED_TYPES = frozenset(SIZED)
PADDING = {"ljust", "rjust", "center", "zfill", "expandtabs"}


class TooCostly(ValueError):
    """Diagram code that would take too much time or memory; the message is Dutch."""


def too_costly(message: str):
    raise TooCostly(message)


def shape_problem(source: str, mode: str) -> ast.AST:
    """Parse code of a sane length and nesting; TooCostly when it is too long or too deep."""
    if len(source) > MAX_SOURCE:
        too_costly(f"de code is langer dan {MAX_SOURCE} tekens")
    try:
        tree = ast.parse(source.strip(), mode=mode)
    except (MemoryError, RecursionError):
        too_costly("de code is te diep genest")
    todo = [(tree, 0)]
    while todo:
        node, depth = todo.pop()
        if depth > MAX_DEPTH:
            too_costly(f"de code is dieper genest dan {MAX_DEPTH} niveaus")
        todo.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree


def size(value, limit: int = MAX_SIZE) -> int:
    """Characters and items in `value`, through nested collections; stops counting past `limit`."""
    total, todo = 0, [value]
    while todo and total <= limit:
        item = todo.pop()
        if not isinstance(item, SIZED):
            continue
        total += len(item)
        if isinstance(item, TEXTS + (range,)) or total > limit:
            continue
        inner = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        # C-level filtering: a Python loop over a million items costs a second on a busy machine.
        todo.extend(compress(inner, map(SIZED_TYPES.__contains__, map(type, inner))))
    return total


def light(value):
    """The value itself, when it is small enough to copy, compare or print cheaply."""
    if isinstance(value, TEXTS) and len(value) <= MAX_SIZE:
        return value
    if isinstance(value, SIZED) and size(value) > MAX_SIZE:
        too_costly(f"een waarde in de code wordt groter dan {MAX_SIZE} tekens of elementen")
    return value


def binop(name: str, left, right):
    """left <op> right, refused when the result would be too large to compute quickly."""
    if isinstance(left, int) and isinstance(right, int):
        _check_integers(name, left, right)
    elif name == "Mult" and isinstance(left, int | bool) != isinstance(right, int | bool):
        times, sequence = (left, right) if isinstance(left, int) else (right, left)
        if times > 0 and size(sequence) * times > MAX_SIZE:
            too_costly(f"de herhaling geeft meer dan {MAX_SIZE} tekens of elementen")
    elif name == "Add" and isinstance(left, SIZED):
        if size(left) + size(right) > MAX_SIZE:
            too_costly(f"het samenvoegen geeft meer dan {MAX_SIZE} tekens of elementen")
    elif name == "Mod" and isinstance(left, TEXTS):
        too_costly("tekst opmaken met % is niet toegestaan; gebruik een f-string")
    return _charged(BY_NAME[name](left, right))


def _check_integers(name, left, right) -> None:
    bits = max(abs(left).bit_length(), abs(right).bit_length())
    if name == "Mult":
        bits = abs(left).bit_length() + abs(right).bit_length()
    elif name == "LShift":
        bits = abs(left).bit_length() + max(right, 0)
    if bits > MAX_INT_BITS:
        too_costly(f"het getal wordt te groot (meer dan {MAX_INT_BITS} bits)")


def call(function, *args, **kwargs):
    """function(*args, **kwargs), refused when it would copy or build something too large."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, TEXTS) and name in PADDING:
        width = max([a for a in args if isinstance(a, int)] or [0])
        if width > MAX_SIZE:
            too_costly(f"de tekst wordt langer dan {MAX_SIZE} tekens")
    elif isinstance(owner, TEXTS) and name == "join" and args:
        items = list(args[0])
        if sum(size(item) for item in items) + len(owner) * len(items) > MAX_SIZE:
            too_costly(f"het samenvoegen geeft meer dan {MAX_SIZE} tekens")
        args = (items, *args[1:])
    elif isinstance(owner, TEXTS) and name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        count = owner.count(old) if old else len(owner) + 1
        if len(owner) + count * len(new) > MAX_SIZE:
            too_costly(f"het vervangen geeft meer dan {MAX_SIZE} tekens")
    elif name == "sum" and len(args) > 1 and not isinstance(args[1], int | float):
        too_costly("sum telt alleen getallen op")
    elif isinstance(owner, list | dict | set) and size(owner) + size(args) > MAX_SIZE:
        too_costly(f"een verzameling in de code wordt groter dan {MAX_SIZE} elementen")
    for value in (*args, *kwargs.values()):
        light(value)
    if not _trusted(function):
        return _charged(function(*args, **kwargs))
    started = time.monotonic()
    try:
        return _charged(function(*args, **kwargs))
    finally:
        _not_counted(time.monotonic() - started)


def _trusted(function) -> bool:
    """The process's own functions (Python code outside the diagram): their time is not the diagram's,
    e.g. the first term of a year, which builds that year's holidays."""
    code = getattr(getattr(function, "__func__", function), "__code__", None)
    return code is not None and code.co_filename != DIAGRAM_FILE


def _not_counted(seconds: float) -> None:
    deadline = getattr(running, "deadline", None)
    if deadline is not None:
        deadline.end += seconds


class Deadline:
    """Wall-clock end and memory allowance of one evaluation: the line counter checks the time,
    the guards charge what they build (many values each under the size limit add up too)."""

    def __init__(self, seconds: float = DEADLINE_SECONDS, allowance: int = MAX_TOTAL):
        self.end = time.monotonic() + seconds
        self.left = allowance

    def check(self) -> None:
        if time.monotonic() > self.end:
            too_costly(f"de code in het diagram duurde langer dan {DEADLINE_SECONDS:g} seconde en is gestopt")

    def charge(self, value) -> None:
        self.left -= size(value) if isinstance(value, SIZED) else 1
        if self.left < 0:
            too_costly(f"de code in het diagram maakt samen meer dan {MAX_TOTAL} tekens of elementen aan")


running = threading.local()  # the Deadline of the evaluation running in this thread


def _charged(value):
    deadline = getattr(running, "deadline", None)
    if deadline is not None:
        deadline.charge(value)
    return value


class Guarded(ast.NodeTransformer):
    """Routes the operations that can grow without bound through the guards above."""

    def visit_BinOp(self, node):
        self.generic_visit(node)
        return _guard("__binop", [ast.Constant(NAMES[type(node.op)]), node.left, node.right], node)

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        target = _as_load(node.target)
        value = _guard("__binop", [ast.Constant(NAMES[type(node.op)]), target, node.value], node)
        return ast.copy_location(ast.Assign(targets=[node.target], value=value), node)

    def visit_Call(self, node):
        self.generic_visit(node)
        return ast.copy_location(
            ast.Call(ast.Name("__call", ast.Load()), [node.func, *node.args], node.keywords), node
        )

    def visit_Compare(self, node):
        self.generic_visit(node)
        node.left = _guard("__light", [node.left], node.left)
        node.comparators = [_guard("__light", [each], each) for each in node.comparators]
        return node

    def visit_FormattedValue(self, node):
        for part in getattr(node.format_spec, "values", ()):
            if not isinstance(part, ast.Constant):
                too_costly("een opmaak met een berekende breedte is niet toegestaan")
            if any(int(digits) > MAX_SIZE for digits in re.findall(r"\d+", str(part.value))):
                too_costly(f"de opmaak maakt de tekst langer dan {MAX_SIZE} tekens")
        self.generic_visit(node)
        node.value = _guard("__light", [node.value], node.value)
        return node


GUARDS = {"__binop": binop, "__call": call, "__light": light}


def guarded(tree: ast.AST) -> ast.AST:
    return ast.fix_missing_locations(Guarded().visit(tree))


def _guard(name, args, node):
    return ast.copy_location(ast.Call(ast.Name(name, ast.Load()), args, []), node)


def _as_load(target):
    copy = ast.parse(ast.unparse(target), mode="eval").body
    return ast.copy_location(copy, target)
