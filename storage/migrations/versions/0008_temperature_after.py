"""The room's reading told after the repair ("现在22度了 挺好 5分") is kept as `temperature_after_c`: the
room-temperature figures count it (the promise is 18 °C after the repair), not only the report's.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite batch mode may rebuild the table; ticket ids (hence numbers) must stay never-reused.
_KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.add_column(sa.Column("temperature_after_c", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_column("temperature_after_c")
