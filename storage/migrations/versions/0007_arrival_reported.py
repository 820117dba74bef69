"""A resident's word that the crew has come ("师傅到了") is kept as `arrival_reported_at`: the 30-minute clock
stops at it, while the status stays for staff to move.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite batch mode may rebuild the table; ticket ids (hence numbers) must stay never-reused.
_KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.add_column(
            sa.Column("arrival_reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_column("arrival_reported_at")
