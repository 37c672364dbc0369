"""What a hostile client sends (hypothesis strategies) and what every answer must then be: no
500, a Dutch refusal, and nothing of the payload in an HTML page unescaped."""

import itertools
import os
import re

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from markupsafe import escape

# Markup and script in every place a value can land: text, an attribute, a textarea, a title, a
# script block, a URL; template syntax (server-side template injection); entities that must stay
# text; SQL; and the characters that break naive number and date parsing.
ATTACKS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">klik</a>',
    "<!--",
    "]]><x>",
    "{{ 7 * 7 }}",
    "{% print(1) %}",
    "${7*7}",
    "&lt;script&gt;",
    "&#60;b&#62;",
    "&amp;&quot;",
    "' OR '1'='1",
    "'; DROP TABLE instances; --",
    "%00%0d%0a",
    "../../etc/passwd",
    "\u202egnp.exe",
    "e\u0301\u200b\ufeff",
    "𝕏😀👩‍👩‍👧",
    "\x00",
    "\x1b[31m",
    "\r\n\r\n",
    "\x0b\x0c\x7f\x85",
    "\u2028\u2029",
    "²",
    "١٢٣",
    "9" * 30,
    "-1",
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
)
# Only what has to be escaped in HTML tells whether a value was escaped.
SPECIAL = set("<>&\"'")
# Makes a value unique, so finding it in a page cannot be a coincidence with the page's own text.
MARK = "Qz7"

# Text as a browser can send it: any character except lone surrogates (UTF-8 cannot carry them).
SENDABLE = st.characters(codec="utf-8")
# In JSON a lone surrogate can be written ("\ud800"); the API must refuse it, not crash on it.
ANY_CHARACTER = st.characters()


def hostile_text(alphabet=SENDABLE, max_size: int = 40) -> st.SearchStrategy[str]:
    """A short hostile string: an attack, random text (control characters, NUL included), both."""
    random = st.text(alphabet, max_size=max_size)
    attack = st.sampled_from(ATTACKS)
    return st.one_of(
        attack,
        random,
        st.tuples(random, attack, random).map("".join),
        st.lists(attack, min_size=2, max_size=4).map("".join),
    )


def huge_text(limit: int) -> st.SearchStrategy[str]:
    """Just under, at and over a field's maximum length, built from attacks (fast to generate)."""
    return st.tuples(st.sampled_from(ATTACKS), st.sampled_from((-1, 0, 1, 7))).map(
        lambda chosen: (chosen[0] * (limit // max(1, len(chosen[0])) + 1))[: max(0, limit + chosen[1])]
    )


_serial = itertools.count(1)


def mark() -> str:
    """MARK with a new serial number: a page check then finds exactly this value, and not the
    same text sent in an earlier example (shown escaped in a list, it can equal this one raw)."""
    return f"{MARK}{next(_serial)}-"


def marked(strategy) -> st.SearchStrategy[str]:
    """Values that start with a new mark()."""
    return strategy.map(lambda text: mark() + text)


def wrong_json() -> st.SearchStrategy:
    """Every JSON type a text field should not get, and deep or odd shapes."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text(ANY_CHARACTER),
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(hostile_text(ANY_CHARACTER, 10), inner, max_size=3)
        ),
        max_leaves=8,
    )


# KLACHT_HOSTILE_SCALE=10 runs ten times as many examples (a deeper search, minutes not seconds):
# `make fuzz` does, with new random examples each run (the fuzz profile of tests/conftest.py).
SCALE = max(1, int(os.environ.get("KLACHT_HOSTILE_SCALE") or 1))


def fast(examples: int):
    """Hypothesis settings for these tests: few examples, no deadline, nothing written to disk, and
    no explain phase (it reruns a failing example for minutes to name the lines it ran)."""
    return settings(
        max_examples=examples * SCALE,
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )


# -- what every answer must be -------------------------------------------------------------

DUTCH = re.compile(
    r"\b(de|het|een|niet|geen|is|zijn|van|voor|tot|u|uw|te|dit|deze|dat|of|en|op|naar|kan|mag|"
    r"veld|vul|kies|gebruik|geef|stuur|tekens|verplicht|hoogstens|minstens|ongeldig|geldig)\b",
    re.IGNORECASE,
)


# Where a page says what is wrong: the error page's lead, a notice, a field error, the summary.
MESSAGE = re.compile(
    r'<p class="(?:lead|melding[^"]*|veldfout)"[^>]*>(.*?)</p>|<h2 id="foutoverzicht-titel">(.*?)</h2>', re.S
)


def dutch(message: str) -> bool:
    """A message a Dutch reader understands (a few common Dutch words, no English status text)."""
    return bool(DUTCH.search(message)) and not re.search(r"\b(Bad Request|Not Found|Error)\b", message)


def no_server_error(response, what="") -> None:
    assert response.status_code < 500, (what, response.status_code, response.get_data(as_text=True)[:500])


def html_refusal(response, what="") -> str:
    """A 4xx HTML page that says in Dutch what is wrong; returns the page."""
    no_server_error(response, what)
    assert 400 <= response.status_code < 500, (what, response.status_code)
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html", (what, response.mimetype)
    messages = [" ".join(parts) for parts in MESSAGE.findall(page)]
    assert any(dutch(re.sub(r"<[^>]+>", " ", m)) for m in messages), (what, response.status_code, page[:800])
    return page


def api_refusal(response, what="") -> dict:
    """A 4xx API answer in the one error shape, with a Dutch message; returns the error."""
    no_server_error(response, what)
    assert 400 <= response.status_code < 500, (what, response.status_code)
    assert response.is_json, (what, response.data[:300])
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, (what, body)
    assert dutch(body["error"]["message"]), (what, body)
    for message in body["error"]["fields"].values():
        assert isinstance(message, str) and dutch(message), (what, body)
    return body["error"]


def escaped_everywhere(page: str, *values, what="") -> None:
    """None of `values` appears raw in the HTML page where it would need escaping.

    The escaped forms of all values are taken out of the page first: the escaped form of one
    value can contain another value as given ("a&" in "a&amp;", "&lt;" as the escaped "<")."""
    texts = [value for value in values if isinstance(value, str)]
    rest = page
    for escaped in sorted({str(escape(text)) for text in texts}, key=len, reverse=True):
        if escaped:
            rest = rest.replace(escaped, "\ufffe")
    for text in texts:
        if SPECIAL & set(text):
            assert text not in rest, (what, "raw in the page", text)


def shown_escaped(page: str, value: str, what="") -> None:
    """`value` appears in the page, escaped (and nowhere raw)."""
    escaped_everywhere(page, value, what=what)
    assert str(escape(value)) in page, (what, "not shown", value)


def stored_text(sent: str) -> str:
    """What the forms keep of a text answer: the text as given, without surrounding whitespace."""
    return sent.strip()
