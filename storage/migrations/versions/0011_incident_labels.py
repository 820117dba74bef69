"""A building fault is labelled as its building is written, "桂林小区2栋" (intents.incidents.building_key): faults
formed before that kept "桂林小区 2" in `incident.label`, so staff and residents saw both forms side by side. Their
labels are rewritten; a downgrade writes the old form back, as the code before would have.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = re.compile(r"(.*\S) (\d+)")  # "桂林小区 2": the compound, a space, the building's number
_NEW = re.compile(r"(.+?)(\d+)栋")  # "桂林小区2栋"
_INCIDENT = sa.table("incident", sa.column("id", sa.Integer), sa.column("label", sa.String))


def upgrade() -> None:
    _relabel(_OLD, r"\1\2栋")


def downgrade() -> None:
    _relabel(_NEW, r"\1 \2")


def _relabel(written: re.Pattern[str], form: str) -> None:
    """Each label `written` so, written in `form` instead; the rest left as they are."""
    bind = op.get_bind()
    for incident_id, label in bind.execute(sa.select(_INCIDENT.c.id, _INCIDENT.c.label)).all():
        found = written.fullmatch(label)
        if found is not None:
            update = sa.update(_INCIDENT).where(_INCIDENT.c.id == incident_id)
            bind.execute(update.values(label=found.expand(form)))
