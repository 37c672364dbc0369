"""Deployed diagrams leave the server only as downloads a browser never renders (issue 14): the
audit diagram and the version download, even for a file with markup deployed before deploy
refused it."""

import pytest

from engine.models import Definition

from ..diagrams import XML

SCRIPTED = XML.replace(
    b"<bpmn:definitions ", b'<bpmn:definitions xmlns:html="http://www.w3.org/1999/xhtml" ', 1
).replace(b"</bpmn:definitions>", b"<html:script>alert(1)</html:script></bpmn:definitions>")


@pytest.fixture
def scripted_version(engine):
    """A version with an inline script, stored as an older release would have deployed it."""
    with engine.db.write() as session:
        row = Definition(
            process_id="klachtafhandeling",
            version=2,
            name="Klachtafhandeling",
            xml=SCRIPTED.decode(),
            sha256="0" * 64,
            deployed_at=engine.clock.now(),
            deployed_by="pieter",
            comment="",
        )
        session.add(row)
        session.flush()
        return row.id


@pytest.mark.parametrize(
    "login, path", [("anna", "/audit/diagram/{}.bpmn"), ("pieter", "/procesbeheer/versies/{}.bpmn")]
)
def test_a_deployed_diagram_is_an_attachment_that_is_never_sniffed(as_user, scripted_version, login, path):
    response = as_user(login).get(path.format(scripted_version))
    assert response.status_code == 200 and b"<html:script>" in response.data
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
