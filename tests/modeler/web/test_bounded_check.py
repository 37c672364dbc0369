"""The modeler's check answers a deeply nested expression with a Dutch refusal, never a 500 (issue 14)."""

import pytest

from ..test_bounded_code import with_change_term
from .test_pages import Owner


@pytest.mark.parametrize("term", ["not " * 100_000 + "True", "-" * 100_000 + "1", "-" * 5_000 + "1"])
def test_a_deeply_nested_term_is_a_problem_of_its_timer(as_user, term):
    response = Owner(as_user("pieter")).send("/procesbeheer/controleren", with_change_term(term))
    assert response.status_code == 200
    [problem] = response.get_json()["problems"]
    assert problem["element"] == "termijn_procedurewijziging"
    assert problem["message"].startswith("de expressie is geweigerd: de code is ")
