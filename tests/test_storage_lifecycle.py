"""The ticket lifecycle on both databases: legal moves, refused moves, events and outbox rows, atomicity."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import sqlalchemy as sa

from intents.company import Company
from intents.types import Address
from storage import Store, company, contacts, lifecycle, numbers, outbox, tickets
from storage.errors import IllegalTransition
from storage.models import event_t, notification_t
from storage.values import Audience, Channel, Priority, Status, TicketKind

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
ADDRESS = Address(raw="东岭小区3栋2单元501", building="3", unit="2", room="501")


async def _open(
    store: Store, demo_company: Company, *, channel: Channel = Channel.TELEGRAM, chat: int = 1001
) -> str:
    await company.sync(store, demo_company)
    if channel == Channel.TELEGRAM:
        contact = await contacts.get_or_create(store, channel=channel, telegram_chat_id=chat)
    else:
        contact = await contacts.get_or_create(store, channel=channel, phone=f"+86139{chat:08d}")
    ticket, created = await tickets.open_ticket(
        store,
        kind=TicketKind.NO_HEAT,
        priority=Priority.NORMAL,
        contact_id=contact.id,
        branch="nanguan",
        address=ADDRESS,
        description="暖气不热，屋里才15度",
        temperature_c=15.0,
        now=T0,
    )
    assert created
    return ticket.number


async def _counts(store: Store) -> tuple[int, int]:
    async with store.read() as conn:
        events = (await conn.execute(sa.select(sa.func.count()).select_from(event_t))).scalar_one()
        notices = (await conn.execute(sa.select(sa.func.count()).select_from(notification_t))).scalar_one()
    return events, notices


async def test_open_ticket_writes_event_and_notifications(store: Store, demo_company: Company) -> None:
    number = await _open(store, demo_company, channel=Channel.VOICE)
    ticket = await tickets.get(store, number=number)
    assert ticket is not None and numbers.is_valid(number) and len(number) == 7
    assert ticket.status == Status.NEW and ticket.due_at == T0 + dt.timedelta(minutes=30)
    assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")
    assert [e.kind for e in await tickets.events(store, number=number)] == ["opened"]
    claimed = await outbox.claim(store, now=T0)
    assert {(n.audience, n.channel, n.address, n.event) for n in claimed} == {
        (Audience.STAFF, Channel.TELEGRAM, "nanguan", "ticket.new"),
        (Audience.RESIDENT, Channel.SMS, "+8613900001001", "ticket.opened"),
    }
    assert all(n.ticket_number == number and n.payload["number"] == number for n in claimed)


async def test_full_lifecycle_sets_every_timestamp(store: Store, demo_company: Company) -> None:
    number = await _open(store, demo_company)
    steps = [Status.ACKNOWLEDGED, Status.DISPATCHED, Status.ON_SITE, Status.RESOLVED, Status.CLOSED]
    for i, status in enumerate(steps, start=1):
        ticket = await tickets.transition(
            store, number=number, to=status, actor="staff:7", now=T0 + dt.timedelta(minutes=i)
        )
        assert ticket.status == status
        assert ticket.status_times[str(status)] == T0 + dt.timedelta(minutes=i)
    events = await tickets.events(store, number=number)
    assert [(e.from_status, e.to_status) for e in events[1:]] == list(
        itertools.pairwise([Status.NEW, *steps])
    )
    resident = [
        n
        for n in await outbox.claim(store, limit=100, now=T0 + dt.timedelta(hours=1))
        if n.audience == Audience.RESIDENT
    ]
    assert [n.event for n in resident] == [f"status.{s}" for s in steps]
    assert {n.address for n in resident} == {"1001"} and {n.channel for n in resident} == {Channel.TELEGRAM}


async def test_skipped_steps_keep_no_timestamp(store: Store, demo_company: Company) -> None:
    number = await _open(store, demo_company)
    await tickets.transition(store, number=number, to=Status.ACKNOWLEDGED, actor="staff", now=T0)
    ticket = await tickets.transition(store, number=number, to=Status.ON_SITE, actor="staff", now=T0)
    assert set(ticket.status_times) == {"new", "acknowledged", "on_site"}


@pytest.mark.parametrize(
    ("path", "to"), [((), s) for s in Status] + [((Status.CANCELLED,), s) for s in Status]
)
async def test_every_transition_from_new_and_cancelled(
    store: Store, demo_company: Company, path: tuple[Status, ...], to: Status
) -> None:
    number = await _open(store, demo_company)
    for step in path:
        await tickets.transition(store, number=number, to=step, actor="staff")
    current = path[-1] if path else Status.NEW
    before = await _counts(store)
    if lifecycle.can_move(current, to):
        assert (await tickets.transition(store, number=number, to=to, actor="staff")).status == to
        assert await _counts(store) != before
    else:
        with pytest.raises(IllegalTransition, match=f"from {current} to {to}"):
            await tickets.transition(store, number=number, to=to, actor="staff")
        assert await _counts(store) == before
        assert (await tickets.get(store, number=number)).status == current  # type: ignore[union-attr]
