"""search: instance_texts, a narrow lower-cased search text per instance

Revision ID: 0009_search_texts
Revises: 0008_sessions_rate_limits

Filled by the engine (Engine.index_search_texts, run by `klacht init` and on start of the web
app) because only the process knows which case fields are searchable.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_search_texts"
down_revision = "0008_sessions_rate_limits"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instance_texts",
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["instance_id"], ["instances.id"]),
        sa.PrimaryKeyConstraint("instance_id"),
    )
    # Lists newest first, by period and by status, read from the index (and counted from it).
    op.create_index(
        "ix_instances_process_started", "instances", ["process_id", "started_at", "definition_id"]
    )
    op.create_index(
        "ix_instances_process_status_started",
        "instances",
        ["process_id", "status", "started_at", "definition_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_instances_process_status_started", table_name="instances")
    op.drop_index("ix_instances_process_started", table_name="instances")
    op.drop_table("instance_texts")
