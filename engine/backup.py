"""Online backup and restore of an embedded SQLite database, verified before the copy counts.

A backup copies the live database with SQLite's backup API in one step: one read transaction,
so the copy is a consistent snapshot, and in WAL mode writers carry on meanwhile. The copy is
written next to its destination under a temporary name, checked (PRAGMA integrity_check, the
Alembic revision, the tables, the audit chains) and only then renamed into place, so a backup
file is either complete and checked or not there at all.

A restore works the other way round: the backup is copied next to the database under a
temporary name, checked, upgraded to the newest migration when it is older, checked again and
renamed over the database. The database's own WAL and shared-memory files belong to the file
being replaced and are removed first; switching it out of WAL mode beforehand proves that no
other process (web worker, scheduler) still has it open.

PostgreSQL has its own tools (pg_dump, pg_restore); see docs/backup.md.
"""

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from . import audit
from .db import MIGRATIONS, Database
from .errors import EngineError
from .models import Base

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
POSTGRES_ROUTE = (
    "Deze database is PostgreSQL; `klacht backup` en `klacht restore` zijn er alleen voor de "
    "ingebouwde SQLite-database. Maak een back-up met `pg_dump -Fc` en herstel met `pg_restore`; "
    "zie docs/backup.md."
)


class BackupRefused(EngineError):
    """A backup or restore that cannot be done safely; nothing was written or replaced."""


@dataclass(frozen=True)
class CopyReport:
    """What was copied where, and what the checks of the copy found."""

    database: str  # the live database file
    backup: str  # the backup file
    bytes: int
    integrity: str  # "ok": PRAGMA integrity_check found nothing
    revision: str  # the copy's Alembic revision (after upgrading, for a restore)
    head: str  # the newest revision this code knows
    upgraded_from: str | None = None  # restore: the older revision the backup was at
    replaced: bool = False  # restore: an existing database was replaced; backup: a file overwritten
    audit_events: int | None = None  # None: not checked (a database at an older revision)
    audit_intact: bool | None = None
    audit_problem: str | None = None  # where and why the chain breaks, in Dutch


def sqlite_file(url: str) -> Path:
    """The file of a SQLite database URL; a refusal for PostgreSQL, other databases, :memory:."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BackupRefused(f"'{url}' is geen geldige database-URL.") from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        raise BackupRefused(POSTGRES_ROUTE)
    if backend != "sqlite":
        raise BackupRefused(
            f"Back-up en herstel met klacht werken alleen voor SQLite, niet voor {backend}; "
            "gebruik de eigen gereedschappen van die database (zie docs/backup.md)."
        )
    if not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file:"):
        raise BackupRefused("Een database in het geheugen kan niet worden geback-upt of hersteld.")
    return Path(parsed.database)


def backup(url: str, target: str | os.PathLike, force: bool = False) -> CopyReport:
    """Copy the live database at `url` to `target`, online, and check the copy before it counts.

    A broken audit chain does not stop the backup (the copy is faithful, the damage is in the
    database itself); the report says so and `audit_intact` is False.
    """
    source = sqlite_file(url)
    target = Path(target)
    if not source.is_file():
        raise BackupRefused(f"De database {source} bestaat niet. Is `klacht init` al uitgevoerd?")
    _require_sqlite(source, f"De database {source}")
    _check_destination(target, source, "Het back-upbestand")
    existed = target.exists()
    if existed and not force:
        raise BackupRefused(_exists(target))
    with _temporary_next_to(target) as temp:
        try:
            with closing(_open(source, "rw")) as live, closing(_open(temp, "rw")) as copy:
                # pages=-1: everything in one step, one read transaction, one consistent snapshot.
                live.backup(copy, pages=-1)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        except sqlite3.DatabaseError as error:
            raise _unreadable(f"De database {source}", error) from None
        report = _check(temp, f"De database {source}", allow_older=True)
        _flush(temp)
        _publish(temp, target, force)
    return _report(report, database=source, backup=target, replaced=existed)


def restore(url: str, backup_file: str | os.PathLike, force: bool = False) -> CopyReport:
    """Replace the database at `url` by a checked copy of `backup_file`, upgraded when older.

    Stop the web workers and the scheduler first: a database that is still open elsewhere is
    refused, and so is an existing database without `force`.
    """
    target = sqlite_file(url)
    source = Path(backup_file)
    if source.is_dir():
        raise BackupRefused(f"{source} is een map, geen back-upbestand.")
    if not source.is_file():
        raise BackupRefused(f"Het back-upbestand {source} bestaat niet.")
    _require_sqlite(source, f"Het back-upbestand {source}")
    if target.is_dir():
        raise BackupRefused(f"De database {target} is een map.")
    if _same_file(source, target):
        raise BackupRefused(f"{source} is de database zelf; kies een back-upbestand.")
    existed = target.exists()
    if existed and not force:
        raise BackupRefused(
            f"De database {target} bestaat al. Herstellen vervangt haar door de back-up: stop de "
            "webapp en de scheduler en geef --force."
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupRefused(f"De map {target.parent} kan niet worden gemaakt: {error.strerror}.") from None
    with _temporary_next_to(target) as temp:
        try:
            with closing(_open(source, "ro")) as stored, closing(_open(temp, "rw")) as copy:
                stored.backup(copy, pages=-1)
                copy.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.DatabaseError as error:
            raise _unreadable(f"Het back-upbestand {source}", error) from None
        label = f"Het back-upbestand {source}"
        before = report = _check(temp, label, allow_older=True)
        if before.revision != before.head:
            _upgrade(temp, before.revision)
            report = _check(temp, label, allow_older=False)
        if not report.audit_intact:
            raise BackupRefused(
                f"{label} heeft een gebroken audittrail ({report.audit_problem}); er is niets hersteld."
            )
        _flush(temp)
        if existed:
            _keep_owner_and_mode(target, temp)
        _take_over(target)
        try:
            os.replace(temp, target)
        except OSError as error:
            raise BackupRefused(f"{target} kan niet worden vervangen: {error.strerror}.") from None
        _flush_folder(target.parent)
    upgraded_from = before.revision if before.revision != report.revision else None
    return _report(report, database=target, backup=source, replaced=existed, upgraded_from=upgraded_from)


# -- checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    bytes: int
    revision: str
    head: str
    audit_events: int | None = None
    audit_intact: bool | None = None
    audit_problem: str | None = None


def _check(path: Path, label: str, allow_older: bool) -> _Checked:
    """Integrity, a klacht database at a revision this code knows, its tables, its audit chains."""
    try:
        with closing(_open(path, "ro")) as db:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise BackupRefused(f"{label} is beschadigd (integrity_check: {'; '.join(problems)}).")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                raise BackupRefused(f"{label} is geen database van klacht (er is geen migratieversie).")
            revisions = [row[0] for row in db.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as error:
        raise _unreadable(label, error) from None
    if len(revisions) != 1:
        raise BackupRefused(f"{label} is geen database van klacht (migratieversie: {revisions or 'leeg'}).")
    revision, (head, known) = revisions[0], _revisions()
    if revision not in known:
        raise BackupRefused(
            f"{label} staat op migratieversie {revision}, die deze versie van klacht niet kent "
            f"(de nieuwste is {head}): de database is van een nieuwere versie. Werk klacht eerst bij."
        )
    if revision != head and not allow_older:
        raise BackupRefused(f"{label} staat op migratieversie {revision}, niet op {head}.")
    size = path.stat().st_size
    if revision != head:
        return _Checked(size, revision, head)  # older tables: the chain is checked after upgrading
    missing = sorted(set(Base.metadata.tables) - tables)
    if missing:
        raise BackupRefused(
            f"{label} is geen volledige database van klacht (ontbreekt: {', '.join(missing)})."
        )
    chain = _verify_audit(path)
    problem = None
    if not chain.intact:
        problem = f"gebroken bij gebeurtenis {chain.broken_id} ({chain.broken_reference}): {chain.reason}"
    return _Checked(size, revision, head, chain.events, chain.intact, problem)


def _unreadable(label: str, error: sqlite3.DatabaseError) -> BackupRefused:
    reason = getattr(error, "sqlite_errorname", "")
    if reason == "SQLITE_CORRUPT":
        return BackupRefused(f"{label} is beschadigd ({error}).")
    if reason == "SQLITE_NOTADB":
        return BackupRefused(f"{label} is geen SQLite-database.")
    if reason == "SQLITE_FULL":
        return BackupRefused(f"De schijf is vol; {label[0].lower()}{label[1:]} is niet gekopieerd.")
    return BackupRefused(f"{label} kan niet worden gekopieerd of gelezen ({error}).")


def _revisions() -> tuple[str, set[str]]:
    from alembic.script import ScriptDirectory  # only needed here, like in Database.upgrade

    script = ScriptDirectory(str(MIGRATIONS))
    return script.get_current_head(), {each.revision for each in script.walk_revisions()}


def _verify_audit(path: Path) -> audit.ChainCheck:
    engine = create_engine(URL.create("sqlite", database=str(path)), poolclass=NullPool)
    try:
        with Session(engine) as session:
            return audit.verify(session)
    finally:
        engine.dispose()


def _upgrade(path: Path, revision: str) -> None:
    """Run the migrations on the temporary copy, so the database is replaced only once, whole."""
    database = Database(URL.create("sqlite", database=str(path)).render_as_string())
    try:
        database.upgrade()
    except SQLAlchemyError as error:
        raise BackupRefused(
            f"De back-up kon niet worden bijgewerkt vanaf migratieversie {revision}: {error}."
        ) from None
    finally:
        database.dispose()
    with closing(_open(path, "rw")) as db:
        db.execute("PRAGMA journal_mode=DELETE")


def _require_sqlite(path: Path, label: str) -> None:
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupRefused(f"{label} kan niet worden gelezen: {error.strerror}.") from None
    if header != SQLITE_HEADER:
        raise BackupRefused(f"{label} is geen SQLite-database.")


def _check_destination(target: Path, source: Path, label: str) -> None:
    if target.is_dir():
        raise BackupRefused(
            f"{target} is een map; geef een bestandsnaam, bijvoorbeeld {target / 'klacht-backup.db'}."
        )
    if not target.parent.is_dir():
        raise BackupRefused(f"{label} kan niet worden geschreven: de map {target.parent} bestaat niet.")
    if _same_file(source, target):
        raise BackupRefused(f"{target} is de database zelf; kies een ander bestand.")


def _same_file(one: Path, other: Path) -> bool:
    if one.exists() and other.exists():
        return os.path.samefile(one, other)
    return one.resolve() == other.resolve()


# -- files ----------------------------------------------------------------------------------


def _open(path: Path, mode: str) -> sqlite3.Connection:
    """A plain connection: `ro` never writes, `rw` never creates a file that is not there."""
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)


@contextmanager
def _temporary_next_to(target: Path) -> Iterator[Path]:
    """An empty file in the target's folder (so renaming it is atomic), removed unless used."""
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise BackupRefused(f"Kan niet schrijven in {target.parent}: {error.strerror}.") from None
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
    finally:
        for path in (temp, *(Path(f"{temp}{suffix}") for suffix in SIDE_FILES)):
            path.unlink(missing_ok=True)


def _publish(temp: Path, target: Path, force: bool) -> None:
    """Rename the checked copy into place; without `force` never over a file that appeared since."""
    try:
        if force:
            os.replace(temp, target)
        else:
            _place_new(temp, target)
    except OSError as error:
        raise BackupRefused(f"{target} kan niet worden geschreven: {error.strerror}.") from None
    _flush_folder(target.parent)


def _place_new(temp: Path, target: Path) -> None:
    try:
        os.link(temp, target)  # atomic, and fails when the target exists
    except FileExistsError:
        raise BackupRefused(_exists(target)) from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise BackupRefused(_exists(target)) from None
        os.replace(temp, target)


def _exists(target: Path) -> str:
    return f"{target} bestaat al; geef --force om het te overschrijven."


def _take_over(target: Path) -> None:
    """Make sure nobody else has the database open, then remove the files that belong to it."""
    if target.exists():
        try:
            with closing(sqlite3.connect(target, timeout=0, isolation_level=None)) as db:
                # Leaving WAL mode needs the only connection: it fails while a worker has it open.
                mode = db.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise BackupRefused(f"De database {target} kan niet worden vervangen: {error}.") from None
            mode = "wal"
        except sqlite3.DatabaseError:
            mode = "delete"  # not a database at all: nothing of it to keep
        if mode.lower() == "wal":
            raise BackupRefused(
                f"De database {target} is nog in gebruik. Stop de webapp en de scheduler en probeer opnieuw."
            )
    for suffix in SIDE_FILES:
        # A WAL or journal left next to the new file would be replayed onto it and corrupt it.
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _keep_owner_and_mode(old: Path, new: Path) -> None:
    """The restored file gets the replaced one's permissions (and owner, when run as root)."""
    info = old.stat()
    try:
        os.chown(new, info.st_uid, info.st_gid)
    except OSError:
        pass  # only root may give a file away; then the owner is the user who restores
    os.chmod(new, info.st_mode & 0o7777)


def _flush(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _flush_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # not every platform can sync a folder
    finally:
        os.close(handle)


def _report(checked: _Checked, database: Path, backup: Path, replaced: bool, upgraded_from=None):
    return CopyReport(
        database=str(database),
        backup=str(backup),
        bytes=checked.bytes,
        integrity="ok",
        revision=checked.revision,
        head=checked.head,
        upgraded_from=upgraded_from,
        replaced=replaced,
        audit_events=checked.audit_events,
        audit_intact=checked.audit_intact,
        audit_problem=checked.audit_problem,
    )
