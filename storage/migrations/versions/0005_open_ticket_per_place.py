"""One open ticket per resident, kind and flat: a ticket keeps its flat as `place`, "building/unit/room".

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = sa.text("status IN ('acknowledged', 'dispatched', 'new', 'on_site', 'reopened')")
# SQLite batch mode may rebuild the table; ticket ids (hence numbers) must stay never-reused.
_KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}
# The flat of a ticket with an address, as storage.additions.place_of computes it; "" when no part was read.
_BACKFILL = sa.text(
    "UPDATE ticket SET place = coalesce(building, '') || '/' || coalesce(unit, '') || '/' || coalesce(room, '')"
    " WHERE building IS NOT NULL OR unit IS NOT NULL OR room IS NOT NULL"
)

_SEVERAL_OPEN = sa.text(
    "SELECT t.number FROM ticket t WHERE t.status IN ('acknowledged', 'dispatched', 'new', 'on_site', 'reopened')"
    " AND EXISTS (SELECT 1 FROM ticket o WHERE o.contact_id = t.contact_id AND o.kind = t.kind AND o.id < t.id"
    " AND o.status IN ('acknowledged', 'dispatched', 'new', 'on_site', 'reopened')) ORDER BY t.id"
)


def upgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.add_column(
            sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=50), server_default="", nullable=False)
        )
    op.execute(_BACKFILL)
    op.drop_index("uq_ticket_open_per_contact_kind", table_name="ticket")
    op.create_index(
        "uq_ticket_open_per_contact_kind_place",
        "ticket",
        ["contact_id", "kind", "place"],
        unique=True,
        postgresql_where=_OPEN,
        sqlite_where=_OPEN,
    )


def downgrade() -> None:
    _refuse_several_open_of_a_kind()
    op.drop_index("uq_ticket_open_per_contact_kind_place", table_name="ticket")
    op.create_index(
        "uq_ticket_open_per_contact_kind",
        "ticket",
        ["contact_id", "kind"],
        unique=True,
        postgresql_where=_OPEN,
        sqlite_where=_OPEN,
    )
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_column("place")


def _refuse_several_open_of_a_kind() -> None:
    """The old index allows one open ticket per resident and kind. Closing the others here would leave flats
    without the crew they were promised, so the downgrade stops and names them: staff settle them first."""
    numbers = op.get_bind().execute(_SEVERAL_OPEN).scalars().all()
    if numbers:
        raise RuntimeError(
            "cannot downgrade below 0005: these open tickets share a resident and kind with another open one"
            f" (another flat); resolve or cancel them first: {', '.join(numbers)}"
        )
