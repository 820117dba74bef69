"""One change to one ticket, decided in Python and written in as few round trips as the database allows.

A change is new column values, one event and its notifications. On SQLite (writers queued, statements
in-process) it is written inside the write transaction that read the ticket. On PostgreSQL, where every
round trip costs, the ticket is read without a transaction and the change is written by ONE statement
(data-modifying CTEs: update, event, outbox rows), atomic by itself; the update only applies if the ticket
is as it was read (status and updated_at), otherwise the change is decided again on the fresh row.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import _journal as journal
from storage._common import ticket_info
from storage.db import Store
from storage.errors import HeatlineStoreError
from storage.models import event_t, notification_t, ticket_t
from storage.values import Audience, DeliveryStatus, TicketInfo

ATTEMPTS = 5
_NOTICE_COLUMNS = ("audience", "channel", "address", "language", "event", "payload")


@dataclass(slots=True)
class Change:
    """New column values for the ticket, the event that records them, and who is told."""

    values: dict[str, Any]
    kind: str
    actor: str
    now: dt.datetime
    data: dict[str, Any] = field(default_factory=dict)
    from_status: str | None = None
    to_status: str | None = None
    notices: list[dict[str, Any]] = field(default_factory=list)

    def tell_resident(self, locked: journal.Locked, event: str, body: dict[str, Any]) -> None:
        """Queue a message to the ticket's reporter."""
        to = locked.resident
        self.notices.append(
            {
                "audience": str(Audience.RESIDENT),
                "channel": str(to.channel),
                "address": to.address,
                "language": to.language,
                "event": event,
                "payload": body,
            }
        )

    def tell_staff(self, branch: str | None, event: str, body: dict[str, Any]) -> None:
        """Queue a message to a branch's staff chat."""
        self.notices.append(
            {
                "audience": str(Audience.STAFF),
                "channel": "telegram",
                "address": branch or journal.DEFAULT_STAFF_ADDRESS,
                "language": journal.STAFF_LANGUAGE,
                "event": event,
                "payload": body,
            }
        )


def new_state(locked: journal.Locked, values: dict[str, Any]) -> dict[str, Any]:
    """The ticket's columns as they will be once `values` are applied."""
    return {**locked.row._mapping, **values}


async def change_ticket(
    store: Store, number: str, decide: Callable[[journal.Locked], Change | None]
) -> TicketInfo:
    """Read the ticket, let `decide` check and build the change (None: nothing to do), write it atomically."""
    if store.is_sqlite:
        async with store.write() as conn:
            locked = await journal.lock_ticket(conn, number)
            change = decide(locked)
            if change is None:
                return ticket_info(locked.row)
            return ticket_info(await _write_in_transaction(conn, locked, change))
    for _ in range(ATTEMPTS):
        async with store.autocommit() as conn:
            locked = await journal.lock_ticket(conn, number)  # FOR UPDATE is moot without a transaction
            change = decide(locked)
            if change is None:
                return ticket_info(locked.row)
            written = await _write_in_one_statement(conn, locked, change)
            if written is not None:
                return ticket_info(written)
    raise HeatlineStoreError(f"ticket {number} kept changing under us; try again")


def _event_values(locked: journal.Locked, change: Change) -> dict[str, Any]:
    return {
        "ticket_id": locked.id,
        "kind": change.kind,
        "actor": change.actor,
        "from_status": change.from_status,
        "to_status": change.to_status,
        "data": change.data,
        "created_at": change.now,
    }


def _outbox_row(notice: dict[str, Any], ticket_id: int, key: str, now: dt.datetime) -> dict[str, Any]:
    return {
        **notice,
        "ticket_id": ticket_id,
        "status": str(DeliveryStatus.PENDING),
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": None,
        "idempotency_key": key,
        "created_at": now,
        "sent_at": None,
    }


async def _write_in_transaction(conn: AsyncConnection, locked: journal.Locked, change: Change) -> Row[Any]:
    row = await journal.update_ticket(conn, locked.id, change.values)
    ev = await journal.record(
        conn,
        ticket_id=locked.id,
        kind=change.kind,
        actor=change.actor,
        now=change.now,
        data=change.data,
        from_status=change.from_status,
        to_status=change.to_status,
    )
    rows = [
        _outbox_row(n, locked.id, f"{locked.number}:{ev.id}:{n['audience']}", change.now)
        for n in change.notices
    ]
    await journal.queue(conn, rows)
    return row


def _typed(name: str, column: sa.Column[Any]) -> Any:
    return sa.bindparam(name, type_=column.type)


@functools.cache
def _one_statement(columns: frozenset[str], notices: int) -> Any:
    """UPDATE ticket ... RETURNING, INSERT its event, INSERT its outbox rows: one PostgreSQL statement."""
    upd = (
        sa.update(ticket_t)
        .where(
            ticket_t.c.id == sa.bindparam("ticket_id"),
            ticket_t.c.status == sa.bindparam("old_status"),
            ticket_t.c.updated_at == _typed("old_updated_at", ticket_t.c.updated_at),
        )
        .values({c: _typed(f"new_{c}", ticket_t.c[c]) for c in columns})
        .returning(*ticket_t.c)
        .cte("upd")
    )
    event_cols = ("kind", "actor", "from_status", "to_status", "data", "created_at")
    ev = (
        sa.insert(event_t)
        .from_select(
            ["ticket_id", *event_cols],
            sa.select(upd.c.id, *(_typed(f"ev_{c}", event_t.c[c]) for c in event_cols)),
        )
        .returning(event_t.c.id)
        .cte("ev")
    )
    stmt = sa.select(*upd.c, ev.c.id.label("event_id")).select_from(upd.join(ev, sa.true()))
    if notices:
        selects = [
            sa.select(
                upd.c.id,
                *(_typed(f"n{i}_{c}", notification_t.c[c]) for c in _NOTICE_COLUMNS),
                sa.literal(str(DeliveryStatus.PENDING)),
                sa.literal(0),
                _typed("now", notification_t.c.created_at),
                upd.c.number
                + ":"
                + sa.cast(ev.c.id, sa.String)
                + ":"
                + _typed(f"n{i}_audience", notification_t.c.audience),
                _typed("now", notification_t.c.created_at),
            ).select_from(upd.join(ev, sa.true()))
            for i in range(notices)
        ]
        target = [
            "ticket_id",
            *_NOTICE_COLUMNS,
            "status",
            "attempts",
            "next_attempt_at",
            "idempotency_key",
            "created_at",
        ]
        outbox = sa.insert(notification_t).from_select(target, sa.union_all(*selects)).cte("outbox")
        stmt = stmt.add_cte(outbox)
    return stmt


async def _write_in_one_statement(
    conn: AsyncConnection, locked: journal.Locked, change: Change
) -> Row[Any] | None:
    params: dict[str, Any] = {
        "ticket_id": locked.id,
        "old_status": locked.row.status,
        "old_updated_at": locked.row.updated_at,
        "now": change.now,
        **{f"new_{c}": v for c, v in change.values.items()},
        **{f"ev_{c}": v for c, v in _event_values(locked, change).items() if c != "ticket_id"},
    }
    for i, notice in enumerate(change.notices):
        params.update({f"n{i}_{c}": notice[c] for c in _NOTICE_COLUMNS})
    stmt = _one_statement(frozenset(change.values), len(change.notices))
    return (await conn.execute(stmt, params)).first()
