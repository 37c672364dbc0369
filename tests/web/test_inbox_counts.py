"""Counters and page numbers of the inbox when the engine stops counting at its limit."""

import re

from engine import inbox
from webforms import inbox_filters

from .conftest import register


def test_counters_past_the_limit_read_as_more_than_the_limit(as_user, engine, monkeypatch):
    monkeypatch.setattr(inbox, "COUNT_LIMIT", 3)
    for _ in range(5):
        register(engine)
    html = as_user("carla").get("/?scope=roles").get_data(as_text=True)
    assert re.search(r"Taken voor mijn rollen\s*<span class=\"teller\">3\+<", html)
    assert re.search(r"Mijn taken\s*<span class=\"teller\">0<", html)
    assert "Pagina" not in html  # five rows fit on one page: counted to its end, exactly


def test_page_numbers_past_the_limit_say_there_are_more(as_user, engine, monkeypatch):
    monkeypatch.setattr(inbox, "COUNT_LIMIT", 3)
    monkeypatch.setattr(inbox_filters, "PER_PAGE", 2)
    for _ in range(5):
        register(engine)
    carla = as_user("carla")
    first = carla.get("/?scope=roles").get_data(as_text=True)
    assert "Pagina 1 van meer dan 1" in first and 'rel="next"' in first
    assert ": 3+ taken" in first
    last = carla.get("/?scope=roles&page=3").get_data(as_text=True)
    assert "Pagina 3 van 3" in last and 'rel="next"' not in last


def test_one_task_is_one_taak_and_none_late_is_not_red(as_user, engine):
    register(engine)
    html = as_user("carla").get("/?scope=roles").get_data(as_text=True)
    assert ": 1 taak</caption>" in html
    assert '<span class="teller">0</span> te laat' in html  # red only when something is late
