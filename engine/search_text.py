"""A narrow, lower-cased text per instance to search in: its reference and the case fields the
process names as searchable (plugin.search_fields). A LIKE then reads one short column instead
of parsing every case's JSON. The step that changes case data keeps it, and so does erasure."""

from sqlalchemy import ForeignKey, Text, exists, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Instance

CHUNK = 5_000


class InstanceText(Base):
    __tablename__ = "instance_texts"

    instance_id: Mapped[int] = mapped_column(ForeignKey("instances.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


def text_of(reference: str, data: dict, fields) -> str:
    parts = [reference, *(str(data.get(name) or "") for name in fields)]
    return "\n".join(part for part in parts if part).lower()


def refresh(session, instance: Instance, fields) -> None:
    """Make the instance's search text match its case data (one primary-key read)."""
    if not fields:
        return
    wanted = text_of(instance.reference, instance.data or {}, fields)
    row = session.get(InstanceText, instance.id)
    if row is None:
        session.add(InstanceText(instance_id=instance.id, text=wanted))
    elif row.text != wanted:
        row.text = wanted


def backfill(session, fields) -> int:
    """Write the search text of every instance that has none yet (after an upgrade); returns
    how many were written. Costs one anti-join when nothing is missing."""
    if not fields:
        return 0
    missing = select(Instance.id, Instance.reference, Instance.data).where(
        ~exists().where(InstanceText.instance_id == Instance.id)
    )
    written = 0
    for chunk in session.execute(missing.execution_options(yield_per=CHUNK)).partitions(CHUNK):
        rows = [{"instance_id": i, "text": text_of(ref, data or {}, fields)} for i, ref, data in chunk]
        session.execute(insert(InstanceText), rows)
        written += len(rows)
    return written


def matches(word: str):
    """A condition on InstanceText: the word occurs in the text, in any case."""
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return InstanceText.text.like(f"%{escaped}%", escape="\\")
