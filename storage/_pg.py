"""PostgreSQL writes of one statement: the ticket row, its event and its outbox rows via data-modifying CTEs.

Every round trip to PostgreSQL costs more than the statement itself, and one statement is atomic on its own.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import _journal as journal
from storage._direct import Direct, DirectRow
from storage.models import OPEN_CLAUSE, event_t, notification_t, same_flat, ticket_t
from storage.values import DeliveryStatus

if TYPE_CHECKING:
    from storage._changes import Change

NOTICE_COLUMNS = ("audience", "channel", "address", "language", "event", "payload")
# The event's columns but its ticket id, which comes from the CTE that wrote the ticket.
_EVENT_COLUMNS = tuple(c for c in journal.EVENT_COLUMNS if c != "ticket_id")
_OUTBOX_TARGET = [
    "ticket_id",
    *NOTICE_COLUMNS,
    "status",
    "attempts",
    "next_attempt_at",
    "idempotency_key",
    "created_at",
]


def _typed(name: str, column: sa.Column[Any]) -> Any:
    return sa.bindparam(name, type_=column.type)


def _with_journal(ticket: Any, notices: int) -> Any:
    """SELECT the written ticket row, after INSERTing its event and `notices` outbox rows."""
    ev = (
        sa.insert(event_t)
        .from_select(
            ["ticket_id", *_EVENT_COLUMNS],
            sa.select(ticket.c.id, *(_typed(f"ev_{c}", event_t.c[c]) for c in _EVENT_COLUMNS)),
        )
        .returning(event_t.c.id)
        .cte("ev")
    )
    both = ticket.join(ev, sa.true())
    stmt = sa.select(*ticket.c, ev.c.id.label("event_id")).select_from(both)
    if not notices:
        return stmt
    now = _typed("now", notification_t.c.created_at)
    selects = [
        sa.select(
            ticket.c.id,
            *(_typed(f"n{i}_{c}", notification_t.c[c]) for c in NOTICE_COLUMNS),
            sa.literal(str(DeliveryStatus.PENDING)),
            sa.literal(0),
            now,
            ticket.c.number
            + ":"
            + sa.cast(ev.c.id, sa.String)
            + ":"
            + _typed(f"n{i}_key", notification_t.c.idempotency_key),  # its audience, or a follower's own
            now,
        ).select_from(both)
        for i in range(notices)
    ]
    outbox = sa.insert(notification_t).from_select(_OUTBOX_TARGET, sa.union_all(*selects)).cte("outbox")
    return stmt.add_cte(outbox)


@functools.cache
def _update(columns: frozenset[str], notices: int) -> Direct:
    # Returns only the id: the caller knows the row it wrote, and decoding it again costs.
    upd = (
        sa.update(ticket_t)
        .where(
            ticket_t.c.id == sa.bindparam("ticket_id"),
            ticket_t.c.status == sa.bindparam("old_status"),
            ticket_t.c.updated_at == _typed("old_updated_at", ticket_t.c.updated_at),
        )
        .values({c: _typed(f"new_{c}", ticket_t.c[c]) for c in columns})
        .returning(ticket_t.c.id, ticket_t.c.number)
        .cte("ticket_written")
    )
    return Direct(_with_journal(upd, notices))


@functools.cache
def _insert(columns: tuple[str, ...], notices: int) -> Direct:
    no_open_of_kind = ~sa.exists().where(
        ticket_t.c.contact_id == sa.bindparam("new_contact_id"),
        ticket_t.c.kind == sa.bindparam("new_kind"),
        # The same flat, or either flat not known: the report joins that ticket (see tickets.open_ticket).
        same_flat(
            _typed("place", ticket_t.c.place),
            _typed("place_wild", ticket_t.c.place),
            _typed("place_bare", ticket_t.c.place),
            sa.bindparam("place_elsewhere", type_=sa.Boolean),
        ),
        OPEN_CLAUSE,  # literal: an IN over a Python list is re-rendered at every execution
    )
    row = sa.select(*(_typed(f"new_{c}", ticket_t.c[c]) for c in columns)).where(no_open_of_kind)
    # NOT EXISTS skips the usual case cheaply; the unique index settles a race (its snapshot may be stale).
    ins = (
        postgresql.insert(ticket_t)
        .from_select(list(columns), row)
        .on_conflict_do_nothing(index_elements=["contact_id", "kind", "place"], index_where=OPEN_CLAUSE)
        .returning(*ticket_t.c)
        .cte("ticket_written")
    )
    return Direct(_with_journal(ins, notices))


def event_values(ticket_id: int | None, change: Change) -> dict[str, Any]:
    """The event row of a change."""
    return {
        "ticket_id": ticket_id,
        "kind": change.kind,
        "actor": change.actor,
        "from_status": change.from_status,
        "to_status": change.to_status,
        "data": change.data,
        "created_at": change.now,
    }


def _params(change: Change) -> dict[str, Any]:
    params: dict[str, Any] = {"now": change.now}
    params.update({f"ev_{c}": v for c, v in event_values(None, change).items() if c != "ticket_id"})
    for i, notice in enumerate(change.notices):
        params.update({f"n{i}_{c}": notice[c] for c in (*NOTICE_COLUMNS, "key")})
    return params


async def update_in_one_statement(conn: AsyncConnection, locked: journal.Locked, change: Change) -> bool:
    """Apply `change` if the ticket is still as read (status, updated_at); False if it changed meanwhile."""
    params = _params(change) | {f"new_{c}": v for c, v in change.values.items()}
    params.update(ticket_id=locked.id, old_status=locked.row.status, old_updated_at=locked.row.updated_at)
    stmt = _update(frozenset(change.values), len(change.notices))
    return await stmt.first(conn, params) is not None


async def insert_in_one_statement(
    conn: AsyncConnection, change: Change, match: dict[str, Any]
) -> DirectRow | None:
    """Insert the ticket `change.values` with its journal, unless its contact has an open one of its kind that the
    report joins (None): `match` holds the report's place as `values.flat_binds` gives it."""
    params = _params(change) | {f"new_{c}": v for c, v in change.values.items()}
    params |= {k: match[k] for k in ("place", "place_wild", "place_bare", "place_elsewhere")}
    stmt = _insert(tuple(sorted(change.values)), len(change.notices))
    return await stmt.first(conn, params)
