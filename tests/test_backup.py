"""`klacht backup` and `klacht restore`: online, checked, atomic copies of the SQLite database.

SQLite only, also when the suite runs on PostgreSQL: that route is pg_dump (docs/backup.md).
"""

import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import create_engine

from engine import backup as backups
from engine.db import MIGRATIONS
from webforms import cli
from webforms.cli import add_demo_users
from webforms.composition import install

from .conftest import Procedure, fresh_engine

HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def klacht(*args, expect=0):
    result = CliRunner().invoke(cli.main, list(args))
    assert result.exit_code == expect, (result.stdout, result.stderr)
    return result


@pytest.fixture
def live_url(tmp_path):
    return f"sqlite:///{tmp_path}/live/klacht.db"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One installed database with the demo users, copied for every test (installing is slow)."""
    path = tmp_path_factory.mktemp("template") / "klacht.db"
    built = fresh_engine(f"sqlite:///{path}")
    install(built)
    add_demo_users(built)
    built.db.dispose()
    return path


@pytest.fixture
def live(template, live_url):
    sqlite_path(live_url).parent.mkdir()
    shutil.copy(template, sqlite_path(live_url))
    built = fresh_engine(live_url)
    yield built
    built.db.dispose()


@pytest.fixture
def saved(live, live_url, tmp_path):
    """A live database with one complaint at contact_opnemen, and a backup of it."""
    reference = Procedure(live).register()
    Procedure(live).to_contact(reference)
    target = tmp_path / "backups" / "klacht.db"
    target.parent.mkdir()
    klacht("--db", live_url, "backup", str(target))
    return reference, target


def test_backup_while_another_engine_completes_tasks_then_restore_and_go_on(live, live_url, tmp_path):
    procedure = Procedure(live)
    reference = procedure.register()
    procedure.to_contact(reference)

    progress, stop, done, errors = threading.Condition(), threading.Event(), [0], []

    def keep_working():  # another process, as far as the database can tell
        other = fresh_engine(live_url)
        worker = Procedure(other)
        try:
            while not stop.is_set():
                busy = worker.register()
                worker.do(busy, "akkoord_klager", "carla", approved=True)
                worker.do(busy, "afhandelaar_bepalen", "yasmin", handler="yasmin")
                with progress:
                    done[0] += 1
                    progress.notify_all()
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            other.db.dispose()
            with progress:
                progress.notify_all()

    def wait_until(rounds):
        with progress:
            assert progress.wait_for(lambda: done[0] >= rounds or errors, timeout=30)
        assert not errors, errors

    thread = threading.Thread(target=keep_working)
    thread.start()
    made = []
    try:
        for number in range(3):
            wait_until(done[0] + 1)
            before = done[0]
            target = tmp_path / f"klacht-{number}.db"
            report = json.loads(klacht("--db", live_url, "--json", "backup", str(target)).stdout)
            made.append((target, before, done[0], report))
        wait_until(done[0] + 1)  # still writing after the last backup
    finally:
        stop.set()
        thread.join()
    assert not errors, errors

    for target, before, after, report in made:
        assert (report["integrity"], report["revision"], report["audit_intact"]) == ("ok", HEAD, True)
        with sqlite3.connect(target) as copy:
            # Every copy is one moment: whole rounds only, no complaint half registered.
            complaints = copy.execute("SELECT count(*) FROM instances").fetchone()[0]
            assert 1 + before <= complaints <= 2 + after
            assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert not Path(f"{target}-wal").exists()
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left == ["klacht-0.db", "klacht-1.db", "klacht-2.db", "live"]  # no temporary files

    restored_url = f"sqlite:///{tmp_path}/elders/klacht.db"
    target = made[-1][0]
    shown = json.loads(klacht("--db", restored_url, "--json", "restore", str(target)).stdout)
    assert (shown["revision"], shown["upgraded_from"], shown["replaced"]) == (HEAD, None, False)

    again = fresh_engine(restored_url)
    try:
        resumed = Procedure(again)
        resumed.do(reference, "contact_opnemen", "yasmin", contact_summary="Gebeld.", outcome="opgelost")
        assert resumed.ready(reference) == ["afhandeling_rapporteren"]
        assert [e.task for e in resumed.events(reference, "task_completed")][-1] == "contact_opnemen"
        check = again.verify_audit()
        assert check.intact and check.events > shown["audit_events"]
    finally:
        again.db.dispose()


def test_a_backup_does_not_wait_for_a_writer_and_leaves_out_what_is_not_committed(live, live_url, tmp_path):
    writer = sqlite3.connect(sqlite_path(live_url), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock during the whole backup
    writer.execute("UPDATE users SET name = 'Half geschreven' WHERE login = 'henk'")
    backups.backup(live_url, tmp_path / "tijdens.db")
    writer.execute("COMMIT")
    writer.close()
    with sqlite3.connect(tmp_path / "tijdens.db") as copy:
        assert copy.execute("SELECT name FROM users WHERE login = 'henk'").fetchone() == ("Henk Jansen",)
    assert live.user("henk").name == "Half geschreven"


def test_restore_replaces_a_stopped_database_and_its_stale_wal(live, live_url, saved):
    reference, target = saved
    Procedure(live).do(reference, "contact_opnemen", "yasmin", contact_summary="Later", outcome="opgelost")

    in_use = klacht("--db", live_url, "restore", str(target), "--force", expect=2)
    assert "nog in gebruik. Stop de webapp en de scheduler" in in_use.stderr
    assert Procedure(live).ready(reference) == ["afhandeling_rapporteren"]  # nothing replaced
    live.db.dispose()

    # A crash left a WAL with committed changes of the old database next to it: replayed onto
    # the restored file it would bring them back (or corrupt it).
    path = sqlite_path(live_url)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA wal_autocheckpoint=0")
    raw.execute("UPDATE users SET name = 'Na de back-up' WHERE login = 'henk'")
    stale = Path(f"{path}-wal").read_bytes()
    raw.close()
    Path(f"{path}-wal").write_bytes(stale)
    path.chmod(0o640)

    assert "bestaat al" in klacht("--db", live_url, "restore", str(target), expect=2).stderr
    shown = json.loads(klacht("--db", live_url, "--json", "restore", str(target), "--force").stdout)
    assert shown["replaced"] and shown["audit_intact"]
    assert not Path(f"{path}-wal").exists() and path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["klacht.db"]  # no temporary file left

    again = fresh_engine(live_url)
    try:
        assert again.user("henk").name == "Henk Jansen"
        assert Procedure(again).ready(reference) == ["contact_opnemen"]
        assert again.verify_audit().intact
    finally:
        again.db.dispose()


def test_restoring_an_older_backup_upgrades_it_before_it_replaces_anything(tmp_path):
    older = ScriptDirectory(str(MIGRATIONS)).get_revision(HEAD).down_revision
    old = tmp_path / "oud.db"
    engine = create_engine(f"sqlite:///{old}")
    with engine.connect() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, older)
        connection.commit()
    engine.dispose()

    warned = klacht("--db", f"sqlite:///{old}", "backup", str(tmp_path / "van-oud.db")).stdout
    assert f"migratieversie {older}" in warned and "niet gecontroleerd" in warned

    restored_url = f"sqlite:///{tmp_path}/nieuw/klacht.db"
    shown = klacht("--db", restored_url, "restore", str(old)).stdout
    assert f"migratieversie {HEAD}, bijgewerkt vanaf {older}" in shown
    with sqlite3.connect(old) as untouched:
        assert untouched.execute("SELECT version_num FROM alembic_version").fetchone() == (older,)
    again = fresh_engine(restored_url)
    try:
        assert again.users() == [] and again.verify_audit().intact  # the models fit the upgraded schema
    finally:
        again.db.dispose()


def test_refusals_are_dutch_exit_2_and_change_nothing(live_url, saved, tmp_path):
    _reference, target = saved
    first = target.read_bytes()
    refused = klacht("--db", live_url, "backup", str(target), expect=2)
    assert refused.stderr == f"Fout: {target} bestaat al; geef --force om het te overschrijven.\n"
    assert target.read_bytes() == first
    as_json = json.loads(klacht("--db", live_url, "--json", "backup", str(target), expect=2).stderr)
    assert as_json["error"]["code"] == "BackupRefused"
    assert json.loads(klacht("--db", live_url, "backup", str(target), "--force", "--json").stdout)["replaced"]

    assert "de map" in klacht("--db", live_url, "backup", str(tmp_path / "nergens" / "b.db"), expect=2).stderr
    assert "is een map" in klacht("--db", live_url, "backup", str(tmp_path), expect=2).stderr
    assert (
        "is de database zelf"
        in klacht("--db", live_url, "backup", str(sqlite_path(live_url)), "--force", expect=2).stderr
    )
    missing = klacht("--db", f"sqlite:///{tmp_path}/leeg.db", "backup", str(tmp_path / "b.db"), expect=2)
    assert "bestaat niet. Is `klacht init` al uitgevoerd?" in missing.stderr
    for verb in ("backup", "restore"):
        postgres = klacht("--db", "postgresql+psycopg://klacht@db/k", verb, str(tmp_path / "x.db"), expect=2)
        assert "PostgreSQL" in postgres.stderr and "pg_dump -Fc" in postgres.stderr
        assert "docs/backup.md" in postgres.stderr

    fresh_url = f"sqlite:///{tmp_path}/nieuw/klacht.db"
    garbage = tmp_path / "rommel.db"
    garbage.write_bytes(b"dit is geen database\n" * 200)
    not_klacht = tmp_path / "ander.db"
    with sqlite3.connect(not_klacht) as other:
        other.execute("CREATE TABLE notities (tekst TEXT)")
    newer = tmp_path / "nieuwer.db"
    shutil.copy(target, newer)
    with sqlite3.connect(newer) as changed:
        changed.execute("UPDATE alembic_version SET version_num = '9999_toekomst'")
    damaged = tmp_path / "beschadigd.db"
    shutil.copy(target, damaged)
    with sqlite3.connect(damaged) as db:
        page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit_events'").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    with damaged.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(b"\x0d\xff\xff\xff\xff\xff\xff")  # a b-tree page header that makes no sense
    expected = {
        tmp_path / "weg.db": "bestaat niet",
        tmp_path: "is een map",
        garbage: "is geen SQLite-database",
        not_klacht: "is geen database van klacht",
        newer: "9999_toekomst, die deze versie van klacht niet kent",
        damaged: "is beschadigd",
    }
    for backup_file, message in expected.items():
        refused = klacht("--db", fresh_url, "restore", str(backup_file), expect=2)
        assert refused.stderr.startswith("Fout: ") and message in refused.stderr, refused.stderr
    assert not (tmp_path / "nieuw").exists() or list((tmp_path / "nieuw").iterdir()) == []


def test_a_broken_audit_chain_is_reported_by_backup_and_refused_by_restore(live, live_url, tmp_path):
    Procedure(live).register()
    live.db.dispose()
    with sqlite3.connect(sqlite_path(live_url)) as raw:
        raw.execute("UPDATE audit_events SET actor = 'mallory' WHERE id = 1")
    target = tmp_path / "b.db"
    written = klacht("--db", live_url, "backup", str(target), expect=1)
    assert "audittrail is GEBROKEN: gebroken bij gebeurtenis 1" in written.stdout and target.exists()
    refused = klacht("--db", f"sqlite:///{tmp_path}/nieuw.db", "restore", str(target), expect=2)
    assert "heeft een gebroken audittrail" in refused.stderr
    assert not (tmp_path / "nieuw.db").exists()
