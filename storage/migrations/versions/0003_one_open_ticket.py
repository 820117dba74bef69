"""One open ticket per resident and kind, enforced by a partial unique index.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = sa.text("status IN ('acknowledged', 'dispatched', 'new', 'on_site', 'reopened')")


def upgrade() -> None:
    op.create_index(
        "uq_ticket_open_per_contact_kind",
        "ticket",
        ["contact_id", "kind"],
        unique=True,
        postgresql_where=_OPEN,
        sqlite_where=_OPEN,
    )


def downgrade() -> None:
    op.drop_index("uq_ticket_open_per_contact_kind", table_name="ticket")
