"""Incidents: several no-heat reports from one building grouped as one fault.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite batch mode rebuilds the table; ticket ids (hence numbers) must stay never-reused.
_KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("branch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["branch"], ["branch.code"], name=op.f("fk_incident_branch_branch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
    )
    op.create_index(op.f("ix_incident_key"), "incident", ["key"], unique=False)
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.add_column(sa.Column("incident_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_ticket_incident_id"), ["incident_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_ticket_incident_id_incident"), "incident", ["incident_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, table_kwargs=_KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_ticket_incident_id_incident"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_ticket_incident_id"))
        batch_op.drop_column("incident_id")
    op.drop_index(op.f("ix_incident_key"), table_name="incident")
    op.drop_table("incident")
