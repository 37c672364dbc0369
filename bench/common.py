"""What every part of the benchmark shares: databases to run on, engines built as the app builds
them, the happy path of a complaint, timing statistics and facts about the machine."""

import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import datetime
from importlib import metadata

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from process.calendar import AMSTERDAM
from webforms.cli import add_demo_users
from webforms.composition import build_engine, install
from webforms.settings import Settings

PROCESS = "klachtafhandeling"
# A Friday morning, as in the tests: the contact term ends Tuesday 1 December 23:59:59.
FRIDAY_MORNING = datetime(2026, 11, 27, 10, 0, tzinfo=AMSTERDAM)

REGISTRATION = {
    "complainant_name": "Jan de Klager",
    "complainant_email": "jan@example.org",
    "complainant_phone": "06 1234 5678",
    "description": "Ik ben drie keer niet teruggebeld.",
    "channel": "telefoon",
    "category": "dienstverlening",
    "service_employee": "henk",
}

# (user task, who completes it, form data): the shortest way from registration to closed.
HAPPY_PATH = [
    ("akkoord_klager", "carla", {"approved": True}),
    ("afhandelaar_bepalen", "yasmin", {"handler": "yasmin"}),
    ("contact_opnemen", "yasmin", {"contact_summary": "Gebeld, excuses aangeboden.", "outcome": "opgelost"}),
    (
        "afhandeling_rapporteren",
        "yasmin",
        {"resolution": "Terugbelafspraak nagekomen.", "procedure_change": False},
    ),
    ("tevredenheid_controleren", "carla", {"satisfied": True}),
]
UNSATISFIED = ("tevredenheid_controleren", "carla", {"satisfied": False, "satisfaction_remarks": "Nog niet"})
RE_RESOLVE = ("opnieuw_oplossen", "yasmin", {"re_resolution": "Opnieuw gebeld en opgelost."})


# -- databases --------------------------------------------------------------------------------


@contextmanager
def database(kind: str, postgres_url: str | None = None, label: str = "bench"):
    """A fresh, empty database for one part of the benchmark, removed afterwards.

    SQLite: a file in a temporary directory (the engine's normal settings: WAL, synchronous=FULL).
    PostgreSQL: a new database `bench_<label>_<random>` on the given server, dropped afterwards.
    """
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix=f"klacht-bench-{label}-")
        try:
            yield f"sqlite:///{folder}/bench.db"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_engine(url: str, moment: datetime = FRIDAY_MORNING, setup: bool = True):
    """An engine as the app builds it (webforms.composition), on a fixed clock.

    With `setup`, the schema is created, the bundled diagram deployed and the demo users added.
    """
    engine = build_engine(Settings(database_url=url, now=moment))
    if setup:
        install(engine)
        add_demo_users(engine)
    return engine


class StatementCounter:
    """Counts the SQL statements sent through a SQLAlchemy engine (before_cursor_execute)."""

    TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

    def __init__(self, sa_engine):
        self.sa_engine = sa_engine
        self.statements: list[str] = []
        event.listen(sa_engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, _params, _context, _many):
        self.statements.append(statement)

    def reset(self) -> None:
        self.statements.clear()

    @property
    def queries(self) -> int:
        """Statements other than transaction control (BEGIN is sent as SQL on SQLite)."""
        return sum(1 for s in self.statements if not s.lstrip().upper().startswith(self.TRANSACTION))

    @property
    def total(self) -> int:
        return len(self.statements)

    def close(self) -> None:
        event.remove(self.sa_engine, "before_cursor_execute", self._seen)


# -- statistics -------------------------------------------------------------------------------


def percentile(values, fraction: float) -> float:
    """Linear-interpolated percentile (fraction 0..1) of a non-empty sequence."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def latency_summary(prefix: str, seconds: list[float]) -> dict:
    return {
        f"{prefix}_p50_ms": ms(statistics.median(seconds)),
        f"{prefix}_p95_ms": ms(percentile(seconds, 0.95)),
        f"{prefix}_max_ms": ms(max(seconds)),
        f"{prefix}_samples": len(seconds),
    }


class Stopwatch:
    def __init__(self):
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def timed(call, *args, **kwargs):
    """(result, seconds) of one call."""
    started = time.perf_counter()
    result = call(*args, **kwargs)
    return result, time.perf_counter() - started


# -- the machine ------------------------------------------------------------------------------


def machine_info(postgres_url: str | None = None) -> dict:
    info = {
        "machine_cores": os.cpu_count(),
        "machine_cpu": _cpu_model(),
        "machine_memory_gb": _memory_gb(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite_version": sqlite3.sqlite_version,
        "sqlalchemy_version": _version("SQLAlchemy"),
        "spiffworkflow_version": _version("SpiffWorkflow"),
        "postgres_version": None,
        **_source(),
    }
    if postgres_url:
        admin = create_engine(postgres_url)
        try:
            with admin.connect() as connection:
                info["postgres_version"] = connection.scalar(text("SHOW server_version"))
                info["postgres_fsync"] = connection.scalar(text("SHOW fsync"))
                info["postgres_synchronous_commit"] = connection.scalar(text("SHOW synchronous_commit"))
                info["postgres_shared_buffers"] = connection.scalar(text("SHOW shared_buffers"))
        finally:
            admin.dispose()
    return info


def _source() -> dict:
    """Which code was measured: the commit, and the engine/process files changed since."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def git(*args):
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.rstrip("\n") if done.returncode == 0 else None

    changed = git("status", "--porcelain", "--", "engine", "process", "klachtafhandeling.bpmn")
    return {
        "git_commit": git("rev-parse", "--short", "HEAD"),
        "git_uncommitted_engine_files": sorted(line[3:] for line in (changed or "").splitlines() if line),
    }


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_gb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None
