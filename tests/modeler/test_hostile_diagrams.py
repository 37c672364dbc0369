"""Hostile diagrams are refused with a clear message and nothing in them runs on the server."""

import socket

import pytest

from engine.errors import InvalidDiagram
from engine.sandbox import SandboxEnvironment, UnsafeCode

from .diagrams import XML, with_contact_term, with_script

XXE = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + XML.split(b"?>", 1)[
    1
].replace(b'name="Klachtafhandeling"', b'name="&x;"', 1)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a0 "hahahahahahahahahaha">'
    + b"".join(b'<!ENTITY a%d "%s">' % (n, b"&a%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
    + XML.split(b"?>", 1)[1].replace(b'name="Klachtafhandeling"', b'name="&a9;"', 1)
)


@pytest.fixture
def marker(tmp_path):
    """A file that hostile code would create; the test checks it never appears."""
    return tmp_path / "was-hier"


@pytest.fixture
def listener():
    """A socket hostile code would connect to; the test checks nobody knocked."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    yield server
    server.close()


def refused(engine, xml) -> list[tuple[str | None, str]]:
    with pytest.raises(InvalidDiagram) as error:
        engine.deploy(xml, actor="pieter")
    assert [v.version for v in engine.versions("klachtafhandeling")] == [1]
    return error.value.problems


def test_a_script_that_imports_os_is_refused_and_never_runs(engine, marker):
    problems = refused(engine, with_script(f"import os\nos.system('touch {marker}')"))
    reason = "het script is geweigerd: 'Import' is niet toegestaan in een diagram"
    assert problems == [("kwartaal_bepalen", reason)]
    assert not marker.exists()


def test_a_script_that_reads_a_file_is_refused(engine):
    problems = refused(engine, with_script("quarter = open('/etc/passwd').read()"))
    assert problems == [("kwartaal_bepalen", "het script roept onbekende functies aan: 'open'")]


def test_a_script_that_opens_a_socket_is_refused_and_connects_nowhere(engine, listener):
    port = listener.getsockname()[1]
    problems = refused(engine, with_script(f"import socket\nsocket.create_connection(('127.0.0.1', {port}))"))
    assert problems[0][0] == "kwartaal_bepalen" and "'Import' is niet toegestaan" in problems[0][1]
    with pytest.raises(TimeoutError):
        listener.accept()


@pytest.mark.parametrize(
    "code, reason",
    [
        ("quarter = ().__class__.__base__.__subclasses__()", "de naam '__subclasses__' is niet toegestaan"),
        ("quarter = __import__('os').getcwd()", "de naam '__import__' is niet toegestaan"),
        # A generator's frame leads to the sandbox's caller and its module globals.
        ("g = (g.gi_frame.f_back.f_back.f_globals for i in [1])\nquarter = list(g)", "het attribuut"),
        # str.format looks attributes up itself: "{0.__globals__}" reads a function's module.
        ("quarter = '{0.__func__.__globals__}'.format(previous_quarter)", "het attribuut 'format'"),
        # A class pattern reads attributes by name too.
        ("match previous_quarter:\n    case str(x=y):\n        quarter = y", "'Match' is niet toegestaan"),
    ],
)
def test_escapes_from_the_sandbox_are_refused(engine, code, reason):
    [(element, message)] = refused(engine, with_script(code))
    assert element == "kwartaal_bepalen" and reason in message


def test_a_hostile_timer_is_refused_before_anything_is_evaluated(engine, marker):
    problems = refused(engine, with_contact_term(f"__import__('os').system('touch {marker}')"))
    assert problems[0][0] == "termijn_contact" and "'__import__' is niet toegestaan" in problems[0][1]
    assert not marker.exists()


@pytest.mark.parametrize("xml", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_are_refused_unexpanded(engine, xml):
    problems = refused(engine, xml)
    assert problems == [(None, "een DOCTYPE (DTD of entiteiten) is niet toegestaan")]


def test_a_fifty_megabyte_file_is_refused_unread(engine):
    assert refused(engine, b" " * 50_000_000 + XML) == [(None, "het bestand is groter dan 2000 kB")]


@pytest.mark.parametrize(
    "code",
    [
        "g = (g.gi_frame.f_back.f_back.f_globals for i in [1])\nx = list(g)[0]['sys']",
        "x = '{0.__func__.__globals__}'.format(f)",
        "match f:\n    case str(x=y):\n        x = y",
    ],
)
def test_the_sandbox_refuses_the_same_code_at_run_time(code):
    """Diagrams deployed before these checks existed still cannot escape when they run."""
    with pytest.raises(UnsafeCode):
        SandboxEnvironment({"f": print}).execute(code, {})
