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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import _journal as journal
from storage import _pg as pg
from storage._common import ticket_info
from storage._direct import Direct
from storage.db import Store
from storage.errors import HeatlineStoreError, IllegalTransition
from storage.models import OPEN_INDEX, OPEN_INDEX_SQLITE, event_t, ticket_t
from storage.values import Answered, Audience, DeliveryStatus, Status, TicketInfo, withheld

ATTEMPTS = 5


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

    def tell_resident(self, to: journal.Recipient, event: str, body: dict[str, Any]) -> None:
        """Queue a message to the ticket's reporter, or to a resident following it (none to a caller who withheld
        their number)."""
        if withheld(to.address):
            return
        self.notices.append(
            {
                "audience": str(Audience.RESIDENT),
                "channel": str(to.channel),
                "address": to.address,
                "language": to.language,
                "event": event,
                "payload": to.body(body),
                "key": to.key,
            }
        )

    def tell_residents(
        self,
        locked: journal.Locked,
        event: str,
        body: dict[str, Any],
        answered: Answered | None = None,
    ) -> None:
        """Queue the message to the ticket's reporter and to each resident following it, on their own channels; not
        to the one just answered in the chat where it would go (`answered`)."""
        for to in locked.residents:
            if not journal.told_inline(to, answered):
                self.tell_resident(to, event, body)

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
                "key": str(Audience.STAFF),
            }
        )


def new_state(locked: journal.Locked, values: dict[str, Any]) -> dict[str, Any]:
    """The ticket's columns as they will be once `values` are applied."""
    return {**locked.row._mapping, **values}


async def change_ticket(
    store: Store,
    number: str,
    decide: Callable[[journal.Locked], Change | None],
    crew: str | None = None,
) -> TicketInfo:
    """Read the ticket, let `decide` check and build the change (None: nothing to do), write it atomically.

    `crew`, if given, is looked up with the ticket (`Locked.requested_crew`; UnknownCrew if there is none).
    """
    try:
        return await _change_ticket(store, number, decide, crew)
    except IntegrityError as exc:
        # Reopening collides with the one-open-ticket-per-flat index.
        if OPEN_INDEX not in str(exc) and OPEN_INDEX_SQLITE not in str(exc):
            raise
        reason = "the resident has another open ticket of this kind for this flat; add to that one instead"
        raise IllegalTransition("closed or resolved", str(Status.REOPENED), reason) from exc


async def _change_ticket(
    store: Store,
    number: str,
    decide: Callable[[journal.Locked], Change | None],
    crew: str | None,
) -> TicketInfo:
    if store.is_sqlite:
        async with store.write() as conn:
            locked = await journal.lock_ticket(conn, number, crew=crew)
            change = decide(locked)
            if change is None:
                return ticket_info(locked.row)
            return ticket_info(await _write_in_transaction(conn, locked, change))
    for _ in range(ATTEMPTS):
        async with store.autocommit() as conn:
            # A plain read: a row lock would outlive nothing here, yet cost a transaction id and a WAL flush.
            locked = await journal.lock_ticket(conn, number, lock=False, crew=crew)
            change = decide(locked)
            if change is None:
                return ticket_info(locked.row)
            if await pg.update_in_one_statement(conn, locked, change):
                return ticket_info(new_state(locked, change.values))
    raise HeatlineStoreError(f"ticket {number} kept changing under us; try again")


def outbox_row(notice: dict[str, Any], ticket_id: int, key: str, now: dt.datetime) -> dict[str, Any]:
    """A queued notice as a pending outbox row; `key`: the change's ("number:event id"), to which the notice's own
    part (its audience, or a follower's) is added."""
    return {
        **{c: notice[c] for c in pg.NOTICE_COLUMNS},
        "ticket_id": ticket_id,
        "status": str(DeliveryStatus.PENDING),
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": None,
        "idempotency_key": f"{key}:{notice['key']}",
        "created_at": now,
        "sent_at": None,
    }


_EVENT = Direct(journal.insert_values(event_t, journal.EVENT_COLUMNS).returning(event_t.c.id))


@functools.cache
def _update(columns: frozenset[str]) -> Direct:
    values: dict[str, Any] = {c: sa.bindparam(f"new_{c}", type_=ticket_t.c[c].type) for c in columns}
    return Direct(sa.update(ticket_t).where(ticket_t.c.id == sa.bindparam("ticket_id")).values(values))


async def _write_in_transaction(
    conn: AsyncConnection, locked: journal.Locked, change: Change
) -> dict[str, Any]:
    """Update, event, outbox rows: three statements inside the caller's transaction; the ticket as written."""
    params = {f"new_{c}": v for c, v in change.values.items()}
    await _update(frozenset(change.values)).run(conn, {"ticket_id": locked.id, **params})
    event = await _EVENT.first(conn, pg.event_values(locked.id, change))
    assert event is not None  # INSERT ... RETURNING returns the row it inserted
    event_id = event.id
    key = f"{locked.number}:{event_id}"
    rows = [outbox_row(n, locked.id, key, change.now) for n in change.notices]
    await journal.queue(conn, rows)
    return new_state(locked, change.values)
