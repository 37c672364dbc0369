"""The suite and the benchmark read nothing from outside the repository: a fresh clone anywhere
runs them (.ci/run proves it by running the suite from a copy with nothing beside it)."""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted([*ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/**/*.py")])


def climbs(node: ast.AST) -> int | None:
    """How many folders a path expression built from `__file__` climbs from the module's folder,
    or None when the expression does not start at `__file__`."""
    if isinstance(node, ast.Name) and node.id == "__file__":
        return 0
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "Path" and node.args:
            return climbs(node.args[0])
        if isinstance(func, ast.Attribute) and func.attr in ("resolve", "absolute", "abspath"):
            return climbs(node.args[0] if func.attr == "abspath" else func.value)
        if isinstance(func, ast.Attribute) and func.attr == "dirname" and node.args:
            inner = climbs(node.args[0])
            return None if inner is None else inner + 1
        if isinstance(func, ast.Attribute) and func.attr == "with_name":
            return climbs(func.value)
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        inner = climbs(node.value)
        return None if inner is None else inner + 1
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
        if node.value.attr == "parents" and isinstance(node.slice, ast.Constant):
            inner = climbs(node.value.value)
            return None if inner is None else inner + node.slice.value + 1
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return climbs(node.left)
    return None


def climbing(part: ast.AST) -> bool:
    """A path part that leaves the folder it is joined to, or names the folder beside the root."""
    if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
        return False
    return part.value.startswith("..") or part.value.split("/")[0] == "shared"


def outside_references(module: Path, source: str) -> list[str]:
    """Path expressions in `module` (its `source`) that point above the repository root."""
    # A module's own file climbs one level to reach its folder.
    depth = len(module.relative_to(ROOT).parts)
    found = []
    for node in ast.walk(ast.parse(source, str(module))):
        level = climbs(node)
        if level is not None and level > depth:
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and climbing(node.right):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_no_test_or_bench_module_reads_outside_the_repository():
    found = {
        str(module.relative_to(ROOT)): refs
        for module in MODULES
        if (refs := outside_references(module, module.read_text()))
    }
    assert found == {}


def test_the_check_sees_a_path_above_the_root():
    module = ROOT / "tests" / "probe.py"
    for source, outside in [
        ('D = Path(__file__).resolve().parents[2] / "shared" / "x.bpmn"', True),
        ('D = Path(__file__).resolve().parent.parent.parent / "x"', True),
        ("D = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))", True),
        ("D = ROOT / '../shared/bench/x.bpmn'", True),
        ('D = Path(__file__).resolve().parents[1] / "bench" / "x.bpmn"', False),
    ]:
        assert bool(outside_references(module, source)) is outside, source


def test_property_based_tests_draw_the_same_examples_unless_fuzzing():
    from tests.hostile.payloads import fast

    fuzzing = os.environ.get("KLACHT_HYPOTHESIS_PROFILE") == "fuzz"
    assert fast(1).derandomize is not fuzzing
    assert fast(1).database is None
