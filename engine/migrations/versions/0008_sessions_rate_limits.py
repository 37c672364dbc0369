"""accounts: server-side staff sessions, shared rate limits, the account audit trail

Revision ID: 0008_sessions_rate_limits
Revises: 0007_inbound_mail
"""

import sqlalchemy as sa
from alembic import op

import engine.models

revision = '0008_sessions_rate_limits'
down_revision = '0007_inbound_mail'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_at', engine.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_sessions_user_id', 'staff_sessions', ['user_id'])
    op.create_index('ix_staff_sessions_started_at', 'staff_sessions', ['started_at'])
    op.create_table('rate_limits',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('expires_at', engine.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_index('ix_rate_limits_expires_at', 'rate_limits', ['expires_at'])
    op.create_table('account_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', engine.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_account_events_login', 'account_events', ['login'])


def downgrade() -> None:
    op.drop_index('ix_account_events_login', table_name='account_events')
    op.drop_table('account_events')
    op.drop_index('ix_rate_limits_expires_at', table_name='rate_limits')
    op.drop_table('rate_limits')
    op.drop_index('ix_staff_sessions_started_at', table_name='staff_sessions')
    op.drop_index('ix_staff_sessions_user_id', table_name='staff_sessions')
    op.drop_table('staff_sessions')
