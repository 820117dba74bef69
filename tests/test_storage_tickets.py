"""Duplicate reports, ownership, residents' additions and the read queries, on both databases."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from intents.company import Company
from intents.types import Address
from storage import Store, company, contacts, outbox, tickets
from storage.errors import InvalidRating, TicketNotFound
from storage.values import Audience, Channel, ContactInfo, Priority, Status, TicketKind

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)


async def _report(
    store: Store, contact: ContactInfo, kind: TicketKind = TicketKind.LEAK, **extra: object
) -> tuple[str, bool]:
    options: dict[str, object] = {
        "priority": Priority.EMERGENCY,
        "branch": "nanguan",
        "address": None,
        "description": "厨房暖气漏水",
        "now": T0,
    }
    options.update(extra)
    ticket, created = await tickets.open_ticket(store, kind=kind, contact_id=contact.id, **options)  # type: ignore[arg-type]
    return ticket.number, created


@pytest.fixture
async def synced(store: Store, demo_company: Company) -> Store:
    await company.sync(store, demo_company)
    return store


async def test_second_report_joins_the_open_ticket(synced: Store) -> None:
    alice = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=1)
    first, created = await _report(synced, alice)
    address = Address(raw="东岭小区3栋501", building="3", room="501")
    again, created_again = await _report(synced, alice, address=address, description="还在漏", escalate=True)
    assert created and not created_again and again == first
    ticket = await tickets.get(synced, number=first)
    assert ticket is not None and ticket.address_raw == address.raw and ticket.escalated
    report = (await tickets.events(synced, number=first))[-1]
    assert report.kind == "report" and report.data["description"] == "还在漏"
    worse, _ = await _report(synced, alice, description="水越来越多了", temperature_c=14.0, escalate=True)
    assert worse == first  # escalated already: told to staff as the resident's added words
    other_kind, created_other = await _report(synced, alice, kind=TicketKind.NO_HEAT)
    assert created_other and other_kind != first
    staff = [n for n in await outbox.claim(synced, now=T0) if n.audience == Audience.STAFF]
    # the escalation and the added words jump the queue
    assert [n.event for n in staff] == ["ticket.escalated", "ticket.report", "ticket.new", "ticket.new"]
    assert staff[0].payload["description"] == "还在漏"
    assert (staff[1].payload["description"], staff[1].payload["temperature_c"]) == ("水越来越多了", 14.0)
    assert "reason" not in staff[1].payload


async def test_a_repeat_report_updates_the_ticket_s_room_temperature(synced: Store) -> None:
    """Staff see the room as it is now: a repeat report's reading (lower or higher) replaces the ticket's; the
    earlier one stays in the report's event. A repeat report with no reading keeps the last one."""
    bob = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=2)
    cold = {"kind": TicketKind.NO_HEAT, "priority": Priority.NORMAL}
    first, _ = await _report(synced, bob, description="暖气不热 屋里16度", temperature_c=16.0, **cold)
    again, created = await _report(synced, bob, description="更冷了 只有13度", temperature_c=13.0, **cold)
    assert again == first and not created
    ticket = await tickets.get(synced, number=first)
    assert ticket is not None and ticket.temperature_c == 13.0
    await _report(synced, bob, description="还是不热", **cold)
    ticket = await tickets.get(synced, number=first)
    assert ticket is not None and ticket.temperature_c == 13.0
    reports = [e.data for e in await tickets.events(synced, number=first) if e.kind == "report"]
    assert [r.get("temperature_c") for r in reports] == [13.0, None]


async def test_a_closed_ticket_does_not_absorb_a_new_report(synced: Store) -> None:
    alice = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=1)
    first, _ = await _report(synced, alice)
    await tickets.transition(synced, number=first, to=Status.CANCELLED, actor="resident")
    second, created = await _report(synced, alice)
    assert created and second != first


async def test_concurrent_duplicate_reports_make_one_ticket(synced: Store) -> None:
    alice = await contacts.get_or_create(synced, channel=Channel.VOICE, phone="+8613900000001")
    results = await asyncio.gather(*(_report(synced, alice) for _ in range(12)))
    assert len({number for number, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    kinds = [e.kind for e in await tickets.events(synced, number=results[0][0])]
    assert kinds.count("opened") == 1 and kinds.count("report") == 11


async def test_a_ticket_that_is_not_yours_does_not_exist(synced: Store) -> None:
    alice = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=1)
    bob = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=2)
    number, _ = await _report(synced, alice)
    assert (await tickets.for_contact(synced, number=number, contact_id=alice.id)) is not None
    assert await tickets.for_contact(synced, number=number, contact_id=bob.id) is None
    assert await tickets.for_contact(synced, number="1000009", contact_id=bob.id) is None
    assert await tickets.for_contact(synced, number="not a number", contact_id=bob.id) is None
    assert await tickets.of_contact(synced, contact_id=bob.id) == []
    with pytest.raises(TicketNotFound):
        await tickets.update_address(synced, number=number, contact_id=bob.id, address=Address(raw="x"))
    with pytest.raises(TicketNotFound):
        await tickets.add_report(synced, number=number, contact_id=bob.id, description="不用来了")
    with pytest.raises(TicketNotFound):
        await tickets.attach(synced, number=number, contact_id=bob.id, kind="photo", data={"file_id": "f"})
    with pytest.raises(TicketNotFound):
        await tickets.record_rating(synced, number=number, contact_id=bob.id, rating=1)
    assert [e.kind for e in await tickets.events(synced, number=number)] == ["opened"]


async def test_resident_additions(synced: Store) -> None:
    alice = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=1)
    number, _ = await _report(synced, alice)
    address = Address(raw="东岭小区3栋2单元501", building="3", unit="2", room="501")
    ticket = await tickets.update_address(synced, number=number, contact_id=alice.id, address=address, now=T0)
    assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")
    told = await tickets.add_report(synced, number=number, contact_id=alice.id, description="不滴了", now=T0)
    assert told.status is Status.NEW  # the resident's words do not move the ticket
    photo = await tickets.attach(
        synced, number=number, contact_id=alice.id, kind="photo", data={"file_id": "AgAD"}
    )
    assert photo.kind == "photo" and photo.data == {"file_id": "AgAD"} and photo.ticket_number == number
    with pytest.raises(InvalidRating):
        await tickets.record_rating(synced, number=number, contact_id=alice.id, rating=5)
    await tickets.transition(synced, number=number, to=Status.RESOLVED, actor="staff")
    with pytest.raises(InvalidRating):
        await tickets.record_rating(synced, number=number, contact_id=alice.id, rating=6)
    assert (await tickets.record_rating(synced, number=number, contact_id=alice.id, rating=4)).rating == 4
    await tickets.add_report(synced, number=number, contact_id=alice.id, description="又好了", now=T0)
    reports = [
        e.data["description"] for e in await tickets.events(synced, number=number) if e.kind == "report"
    ]
    assert reports == ["不滴了", "又好了"]
    staff = [n.event for n in await outbox.claim(synced, now=T0) if n.audience == Audience.STAFF]
    # the resident's words jump the queue: on the open ticket, and on the resolved one (what they say of the repair)
    assert staff == ["ticket.report", "ticket.report", "ticket.new", "ticket.address"]


async def test_queries(synced: Store) -> None:
    caller = await contacts.get_or_create(synced, channel=Channel.VOICE, phone="+8613900000001")
    chat = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=7)
    await contacts.update(synced, contact_id=chat.id, phone="+8613900000001")
    by_phone, _ = await _report(synced, caller, now=T0)
    by_chat, _ = await _report(synced, chat, kind=TicketKind.NO_HEAT, now=T0 + dt.timedelta(minutes=5))
    elsewhere, _ = await _report(synced, chat, kind=TicketKind.BURST, branch="chaoyang")
    assert [t.number for t in await tickets.of_phone(synced, phone="+8613900000001")] == [
        elsewhere,
        by_chat,
        by_phone,
    ]
    assert [t.number for t in await tickets.of_contact(synced, contact_id=chat.id)] == [elsewhere, by_chat]
    rows = await tickets.open_of_branch(synced, branch="nanguan", now=T0 + dt.timedelta(minutes=10))
    assert [(t.number, left) for t, left in rows] == [(by_phone, 20.0), (by_chat, 25.0)]
    await tickets.transition(synced, number=by_phone, to=Status.RESOLVED, actor="staff")
    assert [t.number for t in await tickets.of_contact(synced, contact_id=caller.id)] == []
    assert [t.number for t in await tickets.of_contact(synced, contact_id=caller.id, open_only=False)] == [
        by_phone
    ]
    assert [t.number for t in await tickets.list_tickets(synced, status=Status.RESOLVED)] == [by_phone]
    assert [t.number for t in await tickets.list_tickets(synced, branch="chaoyang")] == [elsewhere]
    assert len(await tickets.list_tickets(synced, phone="+8613900000001", limit=2)) == 2
    assert await tickets.get(synced, number="1000009") is None
    assert await tickets.events(synced, number="1000009") == []


async def test_a_leak_said_to_have_burst_becomes_a_burst_unless_one_is_open_at_that_flat(
    synced: Store,
) -> None:
    alice = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=1)
    flat = Address(raw="东岭小区3栋501", building="3", room="501")
    leak, _ = await _report(synced, alice, address=flat, escalate=True)
    await outbox.claim(synced, now=T0)
    burst = await tickets.upgrade_to_burst(synced, number=leak, now=T0)
    assert (burst.number, burst.kind, burst.priority, burst.escalated) == (
        leak,
        TicketKind.BURST,
        Priority.EMERGENCY,
        True,
    )
    [notice] = [n for n in await outbox.claim(synced, now=T0) if n.audience == Audience.STAFF]
    assert (notice.event, notice.payload["reason"], notice.payload["kind"]) == (
        "ticket.escalated",
        "burst",
        "burst",
    )
    assert (
        await tickets.upgrade_to_burst(synced, number=leak, now=T0)
    ).kind is TicketKind.BURST  # no leak now
    # a second leak of that flat, with the burst still open there: it stays a leak (one open ticket per kind)
    await tickets.transition(synced, number=leak, to=Status.ON_SITE, actor="staff", now=T0)
    other, created = await _report(synced, alice, address=flat)
    assert created and (await tickets.upgrade_to_burst(synced, number=other, now=T0)).kind is TicketKind.LEAK
    no_heat, _ = await _report(synced, alice, kind=TicketKind.NO_HEAT, priority=Priority.NORMAL)
    assert (await tickets.upgrade_to_burst(synced, number=no_heat, now=T0)).kind is TicketKind.NO_HEAT
    assert [e.kind for e in await tickets.events(synced, number=other)] == ["opened"]
