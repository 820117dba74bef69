"""Many writers at once on both databases: distinct numbers, nothing lost, outbox claims never shared."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from storage_helpers import open_for_new_contact

from intents.company import Company
from storage import Store, company, numbers, outbox
from storage.models import notification_t, ticket_t
from storage.values import Audience, Channel, NotificationInfo

N = 200
# What `queue_note` queues unless told otherwise: a digest for nanguan's staff chat.
DIGEST: dict[str, Any] = {
    "audience": Audience.STAFF,
    "channel": Channel.TELEGRAM,
    "address": "nanguan",
    "language": "zh-Hans",
    "event": "digest",
    "payload": {},
}


async def _open_for_new_contact(store: Store, i: int) -> str:
    ticket, created = await open_for_new_contact(
        store, phone=f"+86139{i:08d}", branch="nanguan", description=f"第{i}户暖气不热"
    )
    assert created
    return ticket.number


async def queue_note(store: Store, **overrides: Any) -> NotificationInfo:
    """`outbox.enqueue` of DIGEST with the fields in `overrides` replaced."""
    return await outbox.enqueue(store, **(DIGEST | overrides))


async def _count(store: Store, table: sa.Table) -> int:
    async with store.read() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def test_concurrent_opens_get_distinct_numbers(store: Store, demo_company: Company) -> None:
    await company.sync(store, demo_company)
    found = await asyncio.gather(*(_open_for_new_contact(store, i) for i in range(N)))
    assert len(set(found)) == N and all(numbers.is_valid(n) for n in found)
    assert store.engine.pool.checkedout() == 0 and await _count(store, ticket_t) == N
    # Each caller: a staff alert and the resident's SMS.
    assert await _count(store, notification_t) == 2 * N
    assert await outbox.pending_count(store) == 2 * N


# SQLite runs one outbox worker (claims are serialised by its writer lock), so this is PostgreSQL's test.
@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
async def test_two_claimers_never_share_a_notification(store: Store) -> None:
    for i in range(120):
        await queue_note(store, payload={"i": i})
    now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)

    async def worker(worker_store: Store) -> list[int]:
        got: list[int] = []
        while batch := await outbox.claim(worker_store, limit=7, now=now):
            got += [n.id for n in batch]
        return got

    other = Store.from_url(store.url)  # a second worker process has its own pool
    try:
        first, second = await asyncio.gather(worker(store), worker(other))
    finally:
        await other.close()
    assert first and second and not set(first) & set(second)
    assert len(first) + len(second) == 120


async def test_claim_leases_and_retries(store: Store) -> None:
    t0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
    sms: dict[str, Any] = {
        "audience": Audience.RESIDENT,
        "channel": Channel.SMS,
        "address": "+8613900000001",
        "event": "status.resolved",
        "idempotency_key": "k1",
    }
    note = await queue_note(store, **sms, payload={"number": "1000013"})
    again = await queue_note(store, **sms, payload={})
    assert again.id == note.id
    later = max(t0, note.next_attempt_at)
    [claimed] = await outbox.claim(store, now=later)
    assert claimed.attempts == 1 and claimed.payload == {"number": "1000013"}
    assert await outbox.claim(store, now=later + dt.timedelta(seconds=30)) == []  # leased
    await outbox.mark_failed(
        store, notification_id=note.id, error="503", retry_at=later + dt.timedelta(seconds=5)
    )
    [retried] = await outbox.claim(store, now=later + dt.timedelta(seconds=5))
    assert retried.attempts == 2 and retried.last_error == "503"
    await outbox.mark_failed(store, notification_id=note.id, error="blocked", retry_at=None)
    assert await outbox.claim(store, now=later + dt.timedelta(days=1)) == []
    assert await outbox.pending_count(store) == 0


async def test_sent_notifications_are_not_pending(store: Store) -> None:
    other = await queue_note(store)
    assert await outbox.pending_count(store) == 1
    [claimed] = await outbox.claim(store, now=other.next_attempt_at)
    await outbox.mark_sent(store, notification_id=claimed.id)
    assert await outbox.pending_count(store) == 0
    assert await outbox.claim(store, now=other.next_attempt_at + dt.timedelta(days=1)) == []


async def test_concurrent_enqueues_with_one_key_make_one_row(store: Store) -> None:
    async def send() -> int:
        note = await queue_note(store, event="shift.report", idempotency_key="shift:2026-11-28")
        return note.id

    assert len(set(await asyncio.gather(*(send() for _ in range(10))))) == 1
    assert await _count(store, notification_t) == 1


async def test_an_escalation_jumps_a_backlog(store: Store) -> None:
    for i in range(60):
        await queue_note(
            store,
            audience=Audience.RESIDENT,
            address=str(1000 + i),
            event="incident.update",
            payload={"text": "预计23点恢复"},
        )
    urgent = await queue_note(store, event="ticket.escalated", payload={"number": "1000017"})
    later = urgent.next_attempt_at + dt.timedelta(seconds=1)
    first = await outbox.claim(store, limit=10, now=later)
    assert first[0].id == urgent.id
    assert [n.event for n in first[1:]] == ["incident.update"] * 9
