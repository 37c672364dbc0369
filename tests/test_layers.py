"""Imports flow one way: webforms -> engine and process; engine and process know nothing above them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "engine": {"process", "webforms", "flask", "flask_login", "flask_wtf", "werkzeug"},
    "process": {"engine", "webforms", "flask", "sqlalchemy", "SpiffWorkflow"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_upper_ones(package):
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts and path.name != "env.py":
            continue
        wrong = imported_roots(path) & FORBIDDEN[package]
        assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"
