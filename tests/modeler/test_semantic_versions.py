"""A new version only when a process really changed: not for a moved shape, other whitespace, or
a change to another process in the same file."""

import process

from .diagrams import with_contact_term


def versions(engine, process_id):
    return sorted(v.version for v in engine.versions(process_id))


def test_only_a_process_that_really_changed_gets_a_new_version(engine):
    xml = process.DIAGRAM.read_bytes()
    moved = xml.replace(b'x="', b'x="1', 1)  # a shape moved in the drawing only
    assert moved != xml
    assert [d.new for d in engine.deploy(moved, actor="pieter")] == [False, False]
    reindented = xml.replace(b"\n    ", b"\n      ")
    assert [d.new for d in engine.deploy(reindented, actor="pieter")] == [False, False]

    longer = with_contact_term("add_working_days(now(), 3).isoformat()")
    deployed = {d.process_id: d.new for d in engine.deploy(longer, actor="pieter")}
    assert deployed == {"klachtafhandeling": True, "kwartaalrapportage": False}
    assert versions(engine, "klachtafhandeling") == [1, 2]
    assert versions(engine, "kwartaalrapportage") == [1]
