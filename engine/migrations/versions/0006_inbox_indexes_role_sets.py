"""inbox: role sets, task viewers, partial indexes on ready tasks, instances.viewers

Revision ID: 0006
Revises: 0005

Inboxes match roles by equality (role_sets) instead of LIKE on tasks.roles, read ready tasks
through partial indexes that leave out the completed and cancelled rows, and find the group
tasks of a user who does not see everything through task_viewers. Both tables are filled here
from the rows already there; the engine keeps them from then on.
"""

import sqlalchemy as sa
from alembic import op

import engine.models

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

READY = "state = 'ready'"
READY_OPEN = "state = 'ready' AND assignee IS NULL"
READY_TAKEN = "state = 'ready' AND assignee IS NOT NULL"


def _partial(condition: str) -> dict:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


def upgrade() -> None:
    op.create_table('role_sets',
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('roles', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('role', 'roles')
    )
    connection = op.get_bind()
    texts = connection.execute(sa.text("SELECT DISTINCT roles FROM tasks")).scalars().all()
    rows = [
        {"role": role, "roles": roles}
        for roles in {t or "" for t in texts}
        for role in dict.fromkeys(roles.split() or [""])
    ]
    if rows:
        connection.execute(
            sa.text("INSERT INTO role_sets (role, roles) VALUES (:role, :roles)"), rows
        )

    op.drop_index('ix_tasks_state_role', table_name='tasks')
    op.drop_index('ix_tasks_state_assignee', table_name='tasks')
    order = ['due', 'created_at', 'id']
    op.create_index('ix_tasks_ready_open_roles', 'tasks', ['roles', *order], **_partial(READY_OPEN))
    op.create_index('ix_tasks_ready_assignee', 'tasks', ['assignee', *order], **_partial(READY_TAKEN))
    op.create_index('ix_tasks_ready', 'tasks', ['instance_id'], **_partial(READY))

    # Left NULL: the next step of each instance compares with instance_viewers once and fills it.
    op.add_column('instances', sa.Column('viewers', sa.JSON(), nullable=True))

    op.create_table('task_viewers',
    sa.Column('task_id', sa.String(length=36), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('roles', sa.String(length=300), nullable=False),
    sa.Column('due', engine.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', engine.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], ),
    sa.PrimaryKeyConstraint('task_id', 'login')
    )
    op.execute(
        "INSERT INTO task_viewers (task_id, login, roles, due, created_at)"
        " SELECT tasks.id, instance_viewers.login, tasks.roles, tasks.due, tasks.created_at"
        " FROM tasks JOIN instance_viewers ON instance_viewers.instance_id = tasks.instance_id"
        " WHERE tasks.state = 'ready' AND tasks.assignee IS NULL"
    )
    op.create_index(
        'ix_task_viewers_inbox', 'task_viewers',
        ['login', 'roles', 'due', 'created_at', 'task_id']
    )

    op.drop_index('ix_instance_viewers_login', table_name='instance_viewers')
    op.create_index(
        'ix_instance_viewers_login_instance', 'instance_viewers', ['login', 'instance_id']
    )
    if connection.dialect.name == "postgresql":
        # Fresh statistics, so the planner sees the new indexes' selectivity right away.
        op.execute("ANALYZE tasks")
        op.execute("ANALYZE instance_viewers")
        op.execute("ANALYZE role_sets")
        op.execute("ANALYZE task_viewers")


def downgrade() -> None:
    op.drop_index('ix_task_viewers_inbox', table_name='task_viewers')
    op.drop_table('task_viewers')
    # Not in batch mode: rebuilding `instances` on SQLite fails on the foreign keys to it, and
    # SQLite (3.35 and later) drops a column in place.
    op.drop_column('instances', 'viewers')
    op.drop_index('ix_instance_viewers_login_instance', table_name='instance_viewers')
    op.create_index('ix_instance_viewers_login', 'instance_viewers', ['login'])
    op.drop_index('ix_tasks_ready', table_name='tasks')
    op.drop_index('ix_tasks_ready_assignee', table_name='tasks')
    op.drop_index('ix_tasks_ready_open_roles', table_name='tasks')
    op.create_index('ix_tasks_state_assignee', 'tasks', ['state', 'assignee'])
    op.create_index('ix_tasks_state_role', 'tasks', ['state', 'role'])
    op.drop_table('role_sets')
