"""Filling a database fast: rows copied from template complaints the engine really made.

Templates are complaints driven through the engine to a given step, so every column holds what
the engine writes (formats, JSON, the state text). Clones get new ids, references, task ids,
handlers and dates; they are written with COPY on PostgreSQL and executemany on SQLite, in one
transaction per table, instead of one engine step per row.
"""

import json
from datetime import timedelta

from sqlalchemy import JSON, func, select, text

from engine.models import Instance, InstanceViewer, Task


def rows_of(engine, reference: str) -> dict:
    """The instance row (all columns, the state too), its task rows and its viewer rows."""
    with engine.db.read() as session:
        connection = session.connection()
        instance = (
            connection.execute(select(Instance.__table__).where(Instance.reference == reference))
            .mappings()
            .one()
        )
        tasks = (
            connection.execute(
                select(Task.__table__).where(Task.instance_id == instance["id"]).order_by(Task.created_at)
            )
            .mappings()
            .all()
        )
        viewers = (
            connection.execute(
                select(InstanceViewer.__table__).where(InstanceViewer.instance_id == instance["id"])
            )
            .mappings()
            .all()
        )
    return {
        "instance": dict(instance),
        "tasks": [dict(t) for t in tasks],
        "viewers": [dict(v) for v in viewers],
    }


def next_instance_id(engine) -> int:
    with engine.db.read() as session:
        return (session.scalar(select(func.max(Instance.id))) or 0) + 1


def clone_task_id(instance_id: int, index: int) -> str:
    """A unique id in UUID layout (8-4-4-4-12) without the cost of generating random UUIDs."""
    return f"{instance_id:08x}-{index:04x}-4b0b-8b0b-00000000be0c"


def shifted(moment, delta: timedelta):
    return None if moment is None else moment + delta


class BulkWriter:
    """Writes rows of one table in bulk: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, sa_engine, chunk: int = 20_000):
        self.sa_engine = sa_engine
        self.chunk = chunk
        self.postgres = sa_engine.dialect.name == "postgresql"

    def write(self, table, rows) -> int:
        """Insert an iterable of dicts (all with the same keys); returns how many."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns = list(first)
        if self.postgres:
            return self._copy(table, columns, first, rows)
        count = 0
        statement = table.insert()
        with self.sa_engine.begin() as connection:
            batch = [first]
            for row in rows:
                batch.append(row)
                if len(batch) >= self.chunk:
                    connection.execute(statement, batch)
                    count += len(batch)
                    batch = []
            if batch:
                connection.execute(statement, batch)
                count += len(batch)
        return count

    def _copy(self, table, columns, first, rows) -> int:
        as_json = {c.name for c in table.columns if isinstance(c.type, JSON)}
        names = ", ".join(f'"{c}"' for c in columns)
        raw = self.sa_engine.raw_connection()
        count = 0
        try:
            cursor = raw.cursor()
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in _chain(first, rows):
                    copy.write_row(
                        [
                            json.dumps(row[c]) if c in as_json and row[c] is not None else row[c]
                            for c in columns
                        ]
                    )
                    count += 1
            raw.commit()
        finally:
            raw.close()
        return count

    def finish(self, tables=("instances", "tasks", "instance_viewers")) -> None:
        """PostgreSQL: move the id sequence past the copied ids and analyze, as autovacuum would."""
        if not self.postgres:
            return
        with self.sa_engine.begin() as connection:
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('instances', 'id'),"
                    " (SELECT max(id) FROM instances))"
                )
            )
        with self.sa_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                connection.execute(text(f'ANALYZE "{table}"'))


def _chain(first, rest):
    yield first
    yield from rest
