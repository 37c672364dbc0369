"""Reassigning the handler in the browser: only the relationship manager, only eligible handlers
offered, a reason required."""

import re

from .conftest import register, to_contact


def test_the_relationship_manager_hands_a_complaint_to_another_handler(as_user, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference, handler="henk")
    yasmin = as_user("yasmin")
    complaint = yasmin.get(f"/klachten/{reference}").get_data(as_text=True)
    assert f"/klachten/{reference}/afhandelaar" in complaint
    html = yasmin.get(f"/klachten/{reference}/afhandelaar").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]*)"', html)
    assert "yasmin" in options and "henk" not in options  # henk is the handler already
    refused = yasmin.post(f"/klachten/{reference}/afhandelaar", {"handler": "yasmin", "reason": " "})
    assert refused.status_code == 400 and "Geef een reden" in refused.get_data(as_text=True)
    done = yasmin.post(f"/klachten/{reference}/afhandelaar", {"handler": "yasmin", "reason": "Henk is ziek"})
    assert done.status_code == 302
    assert engine.instance(reference).data["handler"] == "yasmin"
    assert [t.assignee for t in engine.instance(reference).tasks] == ["yasmin"]


def test_others_get_no_reassignment_page(as_user, engine):
    reference = register(engine, service_employee="onbekend")
    to_contact(engine, reference, handler="henk")
    henk = as_user("henk")
    assert "/afhandelaar" not in henk.get(f"/klachten/{reference}").get_data(as_text=True)
    assert henk.get(f"/klachten/{reference}/afhandelaar").status_code == 403
    assert (
        henk.post(f"/klachten/{reference}/afhandelaar", {"handler": "henk", "reason": "x"}).status_code == 403
    )
