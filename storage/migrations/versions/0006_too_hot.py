"""A no-heat ticket of a flat too hot ("暖气太热了") says so: its kind stays no_heat, `too_hot` is set.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite batch mode may rebuild the table; ticket ids (hence numbers) must stay never-reused.
_KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.add_column(sa.Column("too_hot", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_column("too_hot")
