"""The search text of each complaint (instance_texts): kept by every step, emptied of the person
by erasure, and written for complaints stored before it existed."""

from sqlalchemy import delete

from engine.instance_search import InstanceQuery
from engine.search_text import InstanceText

from .test_privacy import EMAIL, closed_complaint


def found(engine, text: str, viewer="yasmin") -> list[str]:
    page = engine.find_instances(InstanceQuery("klachtafhandeling", text=text), viewer)
    return [row.reference for row in page.rows]


def test_words_are_found_in_the_search_text_and_gone_after_erasure(procedure, engine):
    ref = closed_complaint(procedure, engine)
    assert found(engine, "AMRANI hoofddoek") == [ref]  # any case, every word somewhere
    assert found(engine, "Yasmin") == [ref]  # the handler's name, once assigned
    assert found(engine, "amrani 50%_korting") == []  # LIKE's wildcards are plain text
    engine.erase_subject(EMAIL, "bram")
    assert found(engine, "Amrani") == [] and found(engine, "hoofddoek") == []
    assert found(engine, ref) == [ref]


def test_complaints_stored_before_the_search_text_get_one(procedure, engine):
    ref = procedure.register(complainant_name="Pieter Smit")
    with engine.db.write() as session:
        session.execute(delete(InstanceText))
    assert found(engine, "Smit") == []
    assert engine.index_search_texts() == 1
    assert engine.index_search_texts() == 0
    assert found(engine, "smit") == [ref]
