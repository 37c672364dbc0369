"""The approval step records how the procedure was explained; the complainant's own link form
does not ask it (it is for the staff member who records the approval on their behalf)."""

import pytest

from engine.errors import InvalidFormData

from .conftest import do, mailed_link, register


def test_staff_record_how_the_procedure_was_explained(engine):
    reference = register(engine)
    do(engine, reference, "akkoord_klager", "carla", approved=True, procedure_explained="telefoon")
    assert engine.instance(reference).data["procedure_explained"] == "telefoon"


def test_only_the_four_ways_are_accepted(engine):
    reference = register(engine)
    with pytest.raises(InvalidFormData) as refused:
        do(engine, reference, "akkoord_klager", "carla", approved=True, procedure_explained="duif")
    assert "procedure_explained" in refused.value.fields


def test_the_complainants_link_form_does_not_ask_it(client, engine):
    reference = register(engine)
    page = client.get(mailed_link(engine, reference)).get_data(as_text=True)
    assert "procedure_explained" not in page and "approved" in page
