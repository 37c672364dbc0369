"""inbound mail: stored messages, their attachments, IMAP receipts; Message-IDs of outgoing mail

Revision ID: 0007_inbound_mail
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

import engine.models

revision = "0007_inbound_mail"
down_revision = "0006"
branch_labels = None
depends_on = None

UTC = engine.models.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inbound_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(length=300), nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("sender", sa.String(length=254), nullable=False),
        sa.Column("sender_name", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=True),
        sa.Column("matched_by", sa.String(length=16), nullable=True),
        sa.Column("archive_reason", sa.Text(), nullable=True),
        sa.Column("handled_by", sa.String(length=64), nullable=True),
        sa.Column("handled_at", UTC, nullable=True),
        sa.Column("notify_login", sa.String(length=64), nullable=True),
        sa.Column("notify_role", sa.String(length=32), nullable=True),
        sa.Column("seen_at", UTC, nullable=True),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("erased_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["instances.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    op.create_index("ix_inbound_mails_status", "inbound_mails", ["status", "id"])
    op.create_index("ix_inbound_mails_instance_id", "inbound_mails", ["instance_id"])
    op.create_index("ix_inbound_mails_sender", "inbound_mails", ["sender"])
    op.create_table(
        "inbound_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("refused", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["mail_id"], ["inbound_mails.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_inbound_attachments_mail_id", "inbound_attachments", ["mail_id"])
    op.create_table(
        "imap_receipts",
        sa.Column("mailbox", sa.String(length=400), nullable=False),
        sa.Column("uid", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=True),
        sa.Column("at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["mail_id"], ["inbound_mails.id"]),
        sa.PrimaryKeyConstraint("mailbox", "uid"),
    )
    op.add_column("outbox", sa.Column("message_id", sa.String(length=100), nullable=True))
    op.create_index("ix_outbox_message_id", "outbox", ["message_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_outbox_message_id", table_name="outbox")
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_column("message_id")
    op.drop_table("imap_receipts")
    op.drop_index("ix_inbound_attachments_mail_id", table_name="inbound_attachments")
    op.drop_table("inbound_attachments")
    op.drop_index("ix_inbound_mails_sender", table_name="inbound_mails")
    op.drop_index("ix_inbound_mails_instance_id", table_name="inbound_mails")
    op.drop_index("ix_inbound_mails_status", table_name="inbound_mails")
    op.drop_table("inbound_mails")
