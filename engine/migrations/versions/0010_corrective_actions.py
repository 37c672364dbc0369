"""follow_ups: work that goes on after a complaint closed; complaints closed once, everywhere

Revision ID: 0010_corrective_actions
Revises: 0009_search_texts

A complaint used to stay open after the complainant's satisfied answer while a procedure change
or an escalation task was still pending. From now on the diagram ends the complaint there (a
terminate end event) and a pending procedure change becomes a follow-up (the corrective-action
register). Complaints that reached that point before are closed here, at the moment their
closing confirmation went out; their open tasks end with them and a pending procedure change is
entered in the register. (Their serialized workflow state is left as it was: a closed complaint
is never run again.)
"""

import json

import sqlalchemy as sa
from alembic import op

import engine.models

revision = "0010_corrective_actions"
down_revision = "0009_search_texts"
branch_labels = None
depends_on = None

CLOSING_MESSAGE = "afsluitbevestiging"
PROCESS = "klachtafhandeling"


def upgrade() -> None:
    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('owner', sa.String(length=64), nullable=True),
    sa.Column('created_at', engine.models.UtcDateTime(), nullable=False),
    sa.Column('done_at', engine.models.UtcDateTime(), nullable=True),
    sa.Column('done_by', sa.String(length=64), nullable=True),
    sa.Column('done_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['instance_id'], ['instances.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_instance_id'), ['instance_id'], unique=False)
    _close_the_closed()


def _close_the_closed() -> None:
    connection = op.get_bind()
    instances = sa.table(
        "instances", sa.column("id"), sa.column("status"), sa.column("process_id"), sa.column("data", sa.JSON),
        sa.column("closed_at", engine.models.UtcDateTime()), sa.column("next_due", engine.models.UtcDateTime()),
    )
    events = sa.table(
        "audit_events", sa.column("instance_id"), sa.column("event"), sa.column("at", engine.models.UtcDateTime()),
        sa.column("details", sa.JSON),
    )
    tasks = sa.table(
        "tasks", sa.column("instance_id"), sa.column("state"), sa.column("completed_at", engine.models.UtcDateTime())
    )
    follow_ups = sa.table(
        "follow_ups", sa.column("instance_id"), sa.column("kind"), sa.column("title"), sa.column("description"),
        sa.column("due", sa.Date()), sa.column("owner"), sa.column("created_at", engine.models.UtcDateTime()),
    )
    open_ = connection.execute(
        sa.select(instances.c.id, instances.c.data).where(
            instances.c.status == "open", instances.c.process_id == PROCESS
        )
    ).all()
    for instance_id, data in open_:
        closed_at = _closing_moment(connection, events, instance_id)
        if closed_at is None:
            continue
        connection.execute(
            instances.update().where(instances.c.id == instance_id)
            .values(status="closed", closed_at=closed_at, next_due=None)
        )
        connection.execute(
            tasks.update().where(tasks.c.instance_id == instance_id, tasks.c.state == "ready")
            .values(state="cancelled", completed_at=closed_at)
        )
        data = data if isinstance(data, dict) else json.loads(data or "{}")
        if data.get("procedure_change") and not data.get("procedure_change_implemented"):
            connection.execute(follow_ups.insert().values(
                instance_id=instance_id,
                kind="procedure_change",
                title="Procedurewijziging invoeren",
                description=data.get("procedure_change_description") or "",
                due=_date(data.get("procedure_change_term")),
                owner=data.get("handler"),
                created_at=closed_at,
            ))


def _closing_moment(connection, events, instance_id):
    rows = connection.execute(
        sa.select(events.c.at, events.c.details)
        .where(events.c.instance_id == instance_id, events.c.event == "message_sent")
        .order_by(events.c.at)
    ).all()
    for at, details in rows:
        details = details if isinstance(details, dict) else json.loads(details or "{}")
        if (details or {}).get("message") == CLOSING_MESSAGE:
            return at
    return None


def _date(text):
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def downgrade() -> None:
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_instance_id'))
    op.drop_table('follow_ups')
