"""The notification outbox: rows written with the change they report, claimed and delivered by the worker.

A claim leases rows (next_attempt_at moves `store.lease_seconds` ahead, attempts + 1) so that other workers
skip them; a worker that dies mid-delivery only delays them by the lease.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa

from storage._common import aware, notification_info, upsert_insert
from storage.db import Store
from storage.models import notification_t, ticket_t
from storage.values import Audience, Channel, DeliveryStatus, NotificationInfo

_DUE = (str(DeliveryStatus.PENDING), str(DeliveryStatus.FAILED))
# What staff must see at once jumps any backlog (a broadcast to a whole building, a burst of updates).
URGENT_EVENTS = (
    "ticket.escalated",
    "ticket.report",  # a resident adds to an open ticket: "the water is rising"
    "ticket.followed",  # another resident of the flat reports it too
    "ticket.breached",
    "ticket.warning",
    "handoff.requested",
    "notification.dead",
    "incident.formed",
)
_URGENT_FIRST = sa.case((notification_t.c.event.in_(URGENT_EVENTS), 0), else_=1)


async def enqueue(
    store: Store,
    *,
    audience: Audience,
    channel: Channel,
    address: str,
    language: str,
    event: str,
    payload: dict[str, Any],
    ticket_number: str | None = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
    deliver_at: dt.datetime | None = None,
) -> NotificationInfo:
    """Queue a message not tied to a ticket change, due now or at `deliver_at`; a repeated idempotency key returns
    the existing row."""
    now = aware(now)
    key = idempotency_key or f"adhoc:{uuid.uuid4().hex}"
    values = {
        "audience": str(audience),
        "channel": str(channel),
        "address": address,
        "language": language,
        "event": event,
        "payload": payload,
        "status": str(DeliveryStatus.PENDING),
        "attempts": 0,
        "next_attempt_at": aware(deliver_at) if deliver_at is not None else now,
        "idempotency_key": key,
        "created_at": now,
    }
    async with store.write() as conn:
        if ticket_number is not None:
            by_number = sa.select(ticket_t.c.id).where(ticket_t.c.number == ticket_number)
            values["ticket_id"] = (await conn.execute(by_number)).scalar()
        insert = upsert_insert(conn, notification_t).values(values)
        stmt = insert.on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(*notification_t.c)
        row = (await conn.execute(stmt)).first()
        if row is None:  # the key was used before: that row is the answer
            row = (
                await conn.execute(sa.select(notification_t).where(notification_t.c.idempotency_key == key))
            ).one()
    return notification_info(row, ticket_number if row.ticket_id is not None else None)


async def claim(store: Store, *, limit: int = 50, now: dt.datetime | None = None) -> list[NotificationInfo]:
    """Lease up to `limit` due notifications, oldest first; concurrent claimers never get the same row."""
    now = aware(now)
    due = (
        sa.select(notification_t.c.id)
        .where(notification_t.c.status.in_(_DUE), notification_t.c.next_attempt_at <= now)
        .order_by(_URGENT_FIRST, notification_t.c.next_attempt_at, notification_t.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    lease = now + dt.timedelta(seconds=store.lease_seconds)
    stmt = (
        sa.update(notification_t)
        .where(notification_t.c.id.in_(due.scalar_subquery()))
        .values(next_attempt_at=lease, attempts=notification_t.c.attempts + 1)
        .returning(*notification_t.c)
    )
    async with store.write() as conn:
        rows = list((await conn.execute(stmt)).all())
        ticket_ids = {r.ticket_id for r in rows if r.ticket_id is not None}
        numbers: dict[int, str] = {}
        if ticket_ids:
            found = await conn.execute(
                sa.select(ticket_t.c.id, ticket_t.c.number).where(ticket_t.c.id.in_(ticket_ids))
            )
            numbers = {r.id: r.number for r in found}
    rows.sort(key=lambda r: (r.event not in URGENT_EVENTS, r.next_attempt_at, r.id))
    return [notification_info(r, numbers.get(r.ticket_id)) for r in rows]


async def mark_sent(store: Store, *, notification_id: int, now: dt.datetime | None = None) -> None:
    """The channel accepted the message."""
    values = {"status": str(DeliveryStatus.SENT), "sent_at": aware(now), "last_error": None}
    async with store.write() as conn:
        await conn.execute(
            sa.update(notification_t).where(notification_t.c.id == notification_id).values(values)
        )


async def mark_failed(
    store: Store, *, notification_id: int, error: str, retry_at: dt.datetime | None
) -> None:
    """Delivery failed: try again at `retry_at`, or never (dead) when it is None."""
    values: dict[str, Any] = {"last_error": error[:2000]}
    if retry_at is None:
        values["status"] = str(DeliveryStatus.DEAD)
    else:
        values.update(status=str(DeliveryStatus.FAILED), next_attempt_at=aware(retry_at))
    async with store.write() as conn:
        await conn.execute(
            sa.update(notification_t).where(notification_t.c.id == notification_id).values(values)
        )


async def pending_count(store: Store) -> int:
    """How many notifications still await delivery (pending or failed, leased or not)."""
    stmt = sa.select(sa.func.count()).select_from(notification_t).where(notification_t.c.status.in_(_DUE))
    async with store.read() as conn:
        return int((await conn.execute(stmt)).scalar_one())


async def oldest_unclaimed(store: Store, *, now: dt.datetime | None = None) -> tuple[int, dt.datetime | None]:
    """How many notifications are due now and not claimed by any worker, and since when the oldest has been due."""
    stmt = sa.select(sa.func.count(), sa.func.min(notification_t.c.next_attempt_at)).where(
        notification_t.c.status.in_(_DUE), notification_t.c.next_attempt_at <= aware(now)
    )
    async with store.read() as conn:
        count, oldest = (await conn.execute(stmt)).one()
    return int(count), aware(oldest) if oldest is not None else None


async def extend_lease(
    store: Store, *, leases: dict[int, dt.datetime], until: dt.datetime
) -> dict[int, dt.datetime]:
    """Keep claimed notifications (id -> the lease they were claimed with) from other workers until `until`; returns
    the new lease of each that was still this claim's (not delivered, not claimed again meanwhile)."""
    by_lease: dict[dt.datetime, list[int]] = {}
    for notification_id, lease in leases.items():
        by_lease.setdefault(aware(lease), []).append(notification_id)
    kept: dict[int, dt.datetime] = {}
    async with store.write() as conn:
        for lease, ids in by_lease.items():
            stmt = (
                sa.update(notification_t)
                .where(
                    notification_t.c.id.in_(ids),
                    notification_t.c.next_attempt_at == lease,
                    notification_t.c.status.in_(_DUE),
                )
                .values(next_attempt_at=aware(until))
                .returning(notification_t.c.id, notification_t.c.next_attempt_at)
            )
            kept.update({row.id: aware(row.next_attempt_at) for row in await conn.execute(stmt)})
    return kept
