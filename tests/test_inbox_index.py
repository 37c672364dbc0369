"""Inboxes read ready tasks through role_sets, task_viewers and partial indexes (migration 0006):
the same tasks as the plain rule, counts that stop at their limit, and an upgrade of a database
that already holds complaints."""

import re

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect, select, text

from engine import inbox, users
from engine.db import MIGRATIONS
from engine.models import Base, Instance, InstanceViewer, RoleSet, Task, TaskViewer

USERS = ("yasmin", "carla", "henk", "anna", "pieter")


def expected(engine, login, scope):
    """The inbox by its plain rule, over every ready task: assigned to the user ("mine"), or
    without assignee in a lane of their acting roles ("roles"); and on an instance they may see."""
    with engine.db.read() as session:
        user = users.require_active(session, login)
        acting = set(engine._acting_roles(user))
        sees_all = bool(set(users.roles_of(user)) & set(engine.plugin.see_all_roles))
        viewing = set(
            session.scalars(select(InstanceViewer.instance_id).where(InstanceViewer.login == login))
        )
        rows = session.scalars(select(Task).where(Task.state == "ready")).all()
        return {
            row.id
            for row in rows
            if (sees_all or row.instance_id in viewing)
            and (
                row.assignee == login
                if scope == "mine"
                else row.assignee is None and bool(acting & set(row.roles.split() or [""]))
            )
        }


def shown(engine, login, scope, **filters):
    page = engine.inbox(login, scope=scope, per_page=200, **filters)
    return {row.task.id for row in page.rows}


def assert_inboxes_follow_the_rule(engine):
    for login in USERS:
        for scope in ("mine", "roles"):
            assert shown(engine, login, scope) == expected(engine, login, scope), (login, scope)


def assert_task_viewers_complete(engine):
    """task_viewers holds, per ready task without assignee, the viewers of its instance; rows of a
    claimed task may stay (a claim is a bulk UPDATE), as inboxes check the assignee on tasks."""
    with engine.db.read() as session:
        viewers = {}
        for instance_id, login in session.execute(select(InstanceViewer.instance_id, InstanceViewer.login)):
            viewers.setdefault(instance_id, set()).add(login)
        ready = session.scalars(select(Task).where(Task.state == "ready")).all()
        wanted = {
            (task.id, login, task.roles, task.due)
            for task in ready
            if task.assignee is None
            for login in viewers.get(task.instance_id, ())
        }
        claimed = {task.id for task in ready if task.claimed}
        rows = set(
            session.execute(select(TaskViewer.task_id, TaskViewer.login, TaskViewer.roles, TaskViewer.due))
        )
        assert wanted <= rows and {row[0] for row in rows - wanted} <= claimed


def mixed_complaints(procedure):
    """Complaints at several steps: group tasks of each lane, assigned tasks, a claimed task, a
    discrimination complaint (its registrar may not see it), and a correction in the lane of two
    roles (contactpersoon and relatiemanager)."""
    engine = procedure.engine
    waiting = procedure.register()
    assigned = procedure.register(service_employee="onbekend")
    procedure.to_contact(assigned, handler="henk")
    sensitive = procedure.register(category="discriminatie", service_employee="pieter")
    procedure.do(sensitive, "akkoord_klager", "yasmin", approved=True)
    procedure.do(sensitive, "afhandelaar_bepalen", "yasmin", handler="henk")
    corrected = procedure.register()
    procedure.do(corrected, "akkoord_klager", "carla", approved=False, corrections="Naam fout")
    claimed = procedure.register(actor="yasmin")
    procedure.do(claimed, "akkoord_klager", "yasmin", approved=True)
    engine.claim(procedure.task(claimed, "afhandelaar_bepalen").id, "yasmin")
    return {"waiting": waiting, "assigned": assigned, "sensitive": sensitive, "corrected": corrected}


def test_inboxes_show_the_tasks_of_the_plain_rule(procedure, engine):
    refs = mixed_complaints(procedure)
    assert procedure.ready(refs["corrected"]) == ["registratie_corrigeren"]
    correction = procedure.task(refs["corrected"], "registratie_corrigeren")
    assert correction.roles == ("contactpersoon", "relatiemanager")
    assert correction.id in shown(engine, "yasmin", "roles") and correction.id in shown(
        engine, "carla", "roles"
    )
    assert procedure.task(refs["sensitive"], "contact_opnemen").id in shown(engine, "henk", "mine")
    assert_inboxes_follow_the_rule(engine)
    assert_task_viewers_complete(engine)


def test_task_viewers_follow_claims_releases_steps_and_changed_viewers(procedure, engine):
    ref = procedure.register()
    task = procedure.task(ref, "akkoord_klager")
    assert task.id in shown(engine, "carla", "roles")
    engine.claim(task.id, "carla")
    assert task.id not in shown(engine, "carla", "roles") and task.id in shown(engine, "carla", "mine")
    engine.release(task.id, "carla")
    assert_task_viewers_complete(engine)
    assert task.id in shown(engine, "carla", "roles")
    # The complainant disagrees and the complaint turns out to be about discrimination: its
    # registrar no longer sees it, in no inbox.
    procedure.do(ref, "akkoord_klager", "carla", approved=False, corrections="Soort klopt niet")
    correction = procedure.task(ref, "registratie_corrigeren")
    assert correction.id in shown(engine, "carla", "roles")
    procedure.do(
        ref, "registratie_corrigeren", "yasmin", **{**procedure.REGISTRATION, "category": "discriminatie"}
    )
    assert shown(engine, "carla", "roles") == set() and shown(engine, "carla", "mine") == set()
    assert_task_viewers_complete(engine)
    assert_inboxes_follow_the_rule(engine)


def test_a_step_that_leaves_the_viewers_as_they_were_does_not_read_them(procedure, engine):
    ref = procedure.register(service_employee="onbekend")
    procedure.to_contact(ref, handler="henk")
    with engine.db.read() as session:
        row = session.scalar(select(Instance).where(Instance.reference == ref))
        assert row.viewers == ["carla", "henk"]
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine.db.writer, "before_cursor_execute", listener)
    try:
        procedure.do(ref, "contact_opnemen", "henk", contact_summary="Gebeld.", outcome="opgelost")
    finally:
        event.remove(engine.db.writer, "before_cursor_execute", listener)
    # (Only the check that henk may see it: no look at all of its viewers.)
    read = [
        s
        for s in statements
        if re.search(r"FROM instance_viewers\s+WHERE instance_viewers.instance_id = \S+\s*$", s)
    ]
    assert read == []
    assert_task_viewers_complete(engine)


def test_counts_stop_at_their_limit(procedure, engine, monkeypatch):
    monkeypatch.setattr(inbox, "COUNT_LIMIT", 3)
    for _ in range(5):
        procedure.register()
    page = engine.inbox("carla", scope="roles", per_page=2)
    assert (page.counts, page.total, page.capped) == (
        {"mine": 0, "roles": 3, "overdue": 0},
        3,
        frozenset({"roles", "total"}),
    )
    last = engine.inbox("carla", scope="roles", per_page=2, page=3)  # counted to the page's end
    assert (len(last.rows), last.total, last.capped) == (1, 5, frozenset({"roles"}))
    everything = engine.inbox("carla", scope="roles", per_page=2, page=1, role="klager")
    assert (everything.total, "total" in everything.capped) == (3, True)
    assert engine.inbox("henk", scope="roles").capped == frozenset()


def test_pages_merge_the_role_texts_in_order(procedure, engine):
    """yasmin's group tasks come from three role texts; every page continues where the last ended."""
    refs = mixed_complaints(procedure)
    for _ in range(3):
        procedure.register()
    del refs
    everything = [row.task.id for row in engine.inbox("yasmin", scope="roles", per_page=200).rows]
    for sort in ("due", "-due", "created", "reference"):
        whole = [row.task.id for row in engine.inbox("yasmin", scope="roles", per_page=200, sort=sort).rows]
        paged = [
            row.task.id
            for number in range(1, 5)
            for row in engine.inbox("yasmin", scope="roles", per_page=2, page=number, sort=sort).rows
        ]
        assert sorted(whole) == sorted(everything)
        assert paged == whole[:8], sort


def _alembic():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def test_upgrading_a_database_with_complaints_fills_role_sets_and_task_viewers(procedure, engine):
    refs = mixed_complaints(procedure)
    before = {(login, scope): shown(engine, login, scope) for login in USERS for scope in ("mine", "roles")}
    config = _alembic()
    with engine.db.writer.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
        connection.commit()
        tables = set(inspect(connection).get_table_names())
        assert "role_sets" not in tables and "task_viewers" not in tables
    engine.db.dispose()
    engine.db.upgrade()

    with engine.db.read() as session:
        role_sets = set(session.execute(select(RoleSet.role, RoleSet.roles)))
        assert {("contactpersoon", "contactpersoon relatiemanager"), ("klager", "klager")} <= role_sets
        assert session.scalar(select(Instance.viewers).where(Instance.reference == refs["waiting"])) is None
    assert_task_viewers_complete(engine)
    assert {
        (login, scope): shown(engine, login, scope) for login in USERS for scope in ("mine", "roles")
    } == before
    # The next step of an instance fills in its viewers and keeps its tasks in the inboxes.
    procedure.do(refs["waiting"], "akkoord_klager", "carla", approved=True)
    with engine.db.read() as session:
        assert session.scalar(select(Instance.viewers).where(Instance.reference == refs["waiting"])) == [
            "carla"
        ]
    assert_task_viewers_complete(engine)
    assert_inboxes_follow_the_rule(engine)


def test_the_migrations_build_the_tables_and_indexes_the_models_describe(engine):
    with engine.db.writer.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        if connection.dialect.name == "sqlite":
            names = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :table"
        else:
            names = "SELECT indexname FROM pg_indexes WHERE tablename = :table"
        found = {
            table: set(connection.execute(text(names), {"table": table}).scalars())
            for table in ("tasks", "task_viewers")
        }
    assert {"ix_tasks_ready", "ix_tasks_ready_assignee", "ix_tasks_ready_open_roles"} <= found["tasks"]
    assert "ix_tasks_state_role" not in found["tasks"] and "ix_task_viewers_inbox" in found["task_viewers"]
