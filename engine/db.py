"""The database: connections, transactions (one engine step = one transaction) and migrations."""

from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from .audit import refuse_rewriting_history

MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """Sessions on one database URL: `read()` for queries, `write()` for one engine step."""

    def __init__(self, url: str):
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            _ensure_sqlite_folder(self.url)
            self.reader = _sqlite_engine(url, begin="BEGIN")
            # A deferred transaction that reads and then writes can fail with SQLITE_BUSY
            # despite the busy timeout; taking the write lock first makes writers queue.
            self.writer = _sqlite_engine(url, begin="BEGIN IMMEDIATE")
        else:
            self.reader = self.writer = create_engine(url, pool_pre_ping=True)
        self._read = sessionmaker(self.reader, expire_on_commit=False)
        self._write = sessionmaker(self.writer, expire_on_commit=False)
        event.listen(self._write, "before_flush", refuse_rewriting_history)

    @contextmanager
    def read(self):
        with self._read() as session:
            yield session

    @contextmanager
    def write(self):
        """A transaction that commits when the block ends and rolls back on any error."""
        with self._write() as session, session.begin():
            yield session

    def upgrade(self) -> None:
        """Create or upgrade the schema to the newest migration."""
        from alembic import command  # only needed here; keeps every other start fast
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.writer.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()

    def dispose(self) -> None:
        self.reader.dispose()
        self.writer.dispose()


def _ensure_sqlite_folder(url) -> None:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_engine(url: str, begin: str):
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def configure(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event decide how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # FULL: a committed step survives a power cut too, not only a killed process.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def start(connection):
        connection.exec_driver_sql(begin)

    return engine
