"""Another resident of a repair's flat who reports it too follows the open ticket (`ticket_follower`) instead of
opening a second one: one crew, one promise, every change told to each of them.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ticket_follower",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_ticket_follower_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_ticket_follower_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_follower")),
        sa.UniqueConstraint("ticket_id", "contact_id", name=op.f("uq_ticket_follower_ticket_id")),
    )
    op.create_index(op.f("ix_ticket_follower_contact_id"), "ticket_follower", ["contact_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ticket_follower_contact_id"), table_name="ticket_follower")
    op.drop_table("ticket_follower")
