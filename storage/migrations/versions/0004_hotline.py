"""The hotline a resident dialled or texted, on the contact and on each ticket: SMS updates come from it.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite batch mode may rebuild a table; ticket ids (hence numbers) must stay never-reused.
_KWARGS = {"ticket": {"sqlite_autoincrement": True}, "contact": {}}


def upgrade() -> None:
    for table in ("contact", "ticket"):
        with op.batch_alter_table(table, schema=None, table_kwargs=_KWARGS[table]) as batch_op:
            batch_op.add_column(
                sa.Column("hotline", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
            )


def downgrade() -> None:
    for table in ("ticket", "contact"):
        with op.batch_alter_table(table, schema=None, table_kwargs=_KWARGS[table]) as batch_op:
            batch_op.drop_column("hotline")
