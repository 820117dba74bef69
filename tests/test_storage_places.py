"""One open ticket per resident, kind and flat: a report of another flat is its own ticket, on both databases."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa

from intents.company import Company
from intents.types import Address
from storage import Store, company, contacts, outbox, tickets
from storage.errors import IllegalTransition
from storage.models import ticket_t
from storage.tickets import _OPEN_OF_KIND
from storage.values import Audience, Channel, ContactInfo, Priority, Status, TicketKind, flat_binds

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
OWN = Address(raw="红旗小区3栋2单元501", building="3", unit="2", room="501")
MOTHERS = Address(raw="青年路小区2栋1单元101", building="2", unit="1", room="101")


@pytest.fixture
async def synced(store: Store, demo_company: Company) -> Store:
    await company.sync(store, demo_company)
    return store


@pytest.fixture
async def alice(synced: Store) -> ContactInfo:
    return await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=7)


async def _leak(
    store: Store, contact: ContactInfo, address: Address | None, description: str = "暖气片漏水"
) -> tuple[str, bool]:
    ticket, created = await tickets.open_ticket(
        store,
        kind=TicketKind.LEAK,
        priority=Priority.EMERGENCY,
        contact_id=contact.id,
        branch="nanguan",
        address=address,
        description=description,
        now=T0,
    )
    return ticket.number, created


async def _place(store: Store, number: str) -> str:
    ticket = await tickets.get(store, number=number)
    assert ticket is not None
    return ticket.place


async def test_a_leak_at_another_flat_opens_its_own_ticket_and_repeats_join_their_flat(
    synced: Store, alice: ContactInfo
) -> None:
    own, _ = await _leak(synced, alice, OWN)
    mothers, created = await _leak(synced, alice, MOTHERS, "我妈家也漏水了")
    assert created and mothers != own
    assert (await _place(synced, own), await _place(synced, mothers)) == ("3/2/501", "2/1/101")
    again, created_again = await _leak(synced, alice, OWN, "还在漏")
    assert (again, created_again) == (own, False)
    staff = [n.event for n in await outbox.claim(synced, now=T0) if n.audience is Audience.STAFF]
    assert sorted(staff) == ["ticket.new", "ticket.new", "ticket.report"]
    open_leaks = [t.number for t in await tickets.of_contact(synced, contact_id=alice.id)]
    assert sorted(open_leaks) == sorted([own, mothers])


@pytest.mark.parametrize("first_said", [OWN, Address(raw="红旗小区3栋501", building="3", room="501")])
async def test_the_unit_said_in_one_report_only_is_the_same_flat(
    synced: Store, alice: ContactInfo, first_said: Address
) -> None:
    """The flat "3栋501" is "3栋2单元501" (the unit left out once): no second ticket, no second crew; a flat
    of another unit with the same room number ("3栋1单元501") is another flat."""
    without_unit = Address(raw="3栋501", building="3", room="501")
    other = OWN if first_said.unit is None else without_unit
    first, _ = await _leak(synced, alice, first_said)
    again, created = await _leak(synced, alice, other, "还在漏")
    assert (again, created) == (first, False)
    ticket = await tickets.get(synced, number=first)
    assert ticket is not None and ticket.of_flat("3//501") and ticket.of_flat("3/2/501")
    neighbour = Address(raw="3栋1单元501", building="3", unit="1", room="501")
    if first_said.unit is not None:  # the first report named unit 2: unit 1 is another flat
        next_door, created = await _leak(synced, alice, neighbour, "邻居家也漏了")
        assert created and next_door != first
        assert not ticket.of_flat("3/1/501")
    assert len(await tickets.of_contact(synced, contact_id=alice.id)) == (2 if first_said.unit else 1)


async def test_a_report_without_an_address_joins_and_a_ticket_without_one_takes_the_address(
    synced: Store, alice: ContactInfo
) -> None:
    first, _ = await _leak(synced, alice, None)
    assert await _place(synced, first) == ""
    joined, created = await _leak(synced, alice, OWN, "地址是红旗小区3栋2单元501")
    assert (joined, created) == (first, False)
    ticket = await tickets.get(synced, number=first)
    assert ticket is not None and (ticket.address_raw, ticket.place) == (OWN.raw, "3/2/501")
    unaddressed, created = await _leak(synced, alice, None, "水还在流")
    assert (unaddressed, created) == (first, False)
    unread, created = await _leak(
        synced, alice, Address(raw="我妈家"), "我妈家也漏"
    )  # no flat read: no new key
    assert (unread, created) == (first, False)
    other, created = await _leak(synced, alice, MOTHERS)
    assert created and other != first


async def test_an_address_given_later_keys_the_ticket_unless_that_flat_has_its_open_ticket(
    synced: Store, alice: ContactInfo
) -> None:
    mothers, _ = await _leak(synced, alice, MOTHERS)
    # An emergency with no address yet would join the open ticket of the other flat: open it while that one is
    # resolved, then reopen that one.
    await tickets.transition(synced, number=mothers, to=Status.RESOLVED, actor="staff")
    emergency, _ = await _leak(synced, alice, None)
    await tickets.transition(synced, number=mothers, to=Status.REOPENED, actor="resident")
    updated = await tickets.update_address(synced, number=emergency, contact_id=alice.id, address=MOTHERS)
    assert (updated.address_raw, updated.place) == (MOTHERS.raw, "")  # kept, unkeyed: never an error
    updated = await tickets.update_address(synced, number=emergency, contact_id=alice.id, address=OWN)
    assert (updated.address_raw, updated.place) == (OWN.raw, "3/2/501")
    assert await _place(synced, emergency) == "3/2/501"
    _, created = await _leak(synced, alice, OWN, "还在漏")
    assert not created


async def test_reopening_is_refused_only_while_the_same_flat_has_an_open_ticket(
    synced: Store, alice: ContactInfo
) -> None:
    own, _ = await _leak(synced, alice, OWN)
    await tickets.transition(synced, number=own, to=Status.RESOLVED, actor="staff")
    mothers, _ = await _leak(synced, alice, MOTHERS)
    reopened = await tickets.transition(synced, number=own, to=Status.REOPENED, actor="resident")
    assert reopened.status is Status.REOPENED and mothers != own
    await tickets.transition(synced, number=mothers, to=Status.RESOLVED, actor="staff")
    again, _ = await _leak(synced, alice, MOTHERS)
    assert again != mothers
    with pytest.raises(IllegalTransition, match="another open ticket"):
        await tickets.transition(synced, number=mothers, to=Status.REOPENED, actor="resident")


async def test_concurrent_reports_make_one_ticket_per_flat(synced: Store, alice: ContactInfo) -> None:
    reports = [_leak(synced, alice, address) for address in (OWN, MOTHERS) * 8]
    results = await asyncio.gather(*reports)
    assert sum(created for _, created in results) == 2
    by_flat = {(await _place(synced, number)) for number, _ in results}
    assert by_flat == {"3/2/501", "2/1/101"}
    assert len({number for number, _ in results}) == 2


async def _report(
    store: Store,
    contact: ContactInfo,
    address: Address | None,
    description: str,
    *,
    elsewhere: bool = False,
    kind: TicketKind = TicketKind.LEAK,
) -> tuple[str, bool]:
    ticket, created = await tickets.open_ticket(
        store,
        kind=kind,
        priority=Priority.EMERGENCY if kind is TicketKind.LEAK else Priority.NORMAL,
        contact_id=contact.id,
        branch="nanguan",
        address=address,
        description=description,
        elsewhere=elsewhere,
        now=T0,
    )
    return ticket.number, created


async def test_another_homes_leak_told_without_its_flat_is_a_ticket_no_report_of_the_residents_own_joins(
    synced: Store, alice: ContactInfo
) -> None:
    own, _ = await _leak(
        synced, alice, None, "卫生间暖气片漏水了"
    )  # the resident's own, its address not given yet
    mothers, created = await _report(synced, alice, None, "我妈家也漏水了", elsewhere=True)
    assert (
        created and mothers != own
    )  # at once, from the words alone: never added to the resident's own ticket
    assert (await _place(synced, mothers)).startswith("other:")
    again, created = await _leak(synced, alice, None, "我家水还在流")  # the resident's own home: their ticket
    assert (again, created) == (own, False)
    updated = await tickets.update_address(synced, number=mothers, contact_id=alice.id, address=MOTHERS)
    assert (updated.address_raw, updated.place) == (MOTHERS.raw, "other:2/1/101")
    assert await tickets.for_another_flat(synced, ticket=updated)  # not the resident's address to remember
    again, created = await _leak(
        synced, alice, None, "还在漏"
    )  # still the resident's own, with its address known
    assert (again, created) == (own, False)
    named, created = await _leak(
        synced, alice, MOTHERS, "青年路小区2栋1单元101还在漏"
    )  # that flat named: its ticket
    assert (named, created) == (mothers, False)
    told, created = await _report(synced, alice, MOTHERS, "我妈家那边水更大了", elsewhere=True)
    assert (told, created) == (mothers, False)
    kept = await tickets.get(synced, number=own)
    assert kept is not None and kept.address_raw is None and kept.place == ""
    assert [e.kind for e in await tickets.events(synced, number=own)] == ["opened", "report", "report"]


async def test_another_homes_report_with_its_flat_never_completes_the_residents_ticket_without_one(
    synced: Store, alice: ContactInfo
) -> None:
    own, _ = await _leak(synced, alice, None, "卫生间暖气片漏水了")
    mothers, created = await _report(
        synced, alice, MOTHERS, "我妈家青年路小区2栋1单元101也漏水了", elsewhere=True
    )
    assert created and mothers != own and await _place(synced, mothers) == "other:2/1/101"
    kept = await tickets.get(synced, number=own)
    assert kept is not None and (kept.address_raw, kept.place) == (None, "")
    cold, created = await _report(
        synced, alice, None, "我妈家暖气也不热", elsewhere=True, kind=TicketKind.NO_HEAT
    )
    unread = await tickets.update_address(
        synced, number=cold, contact_id=alice.id, address=Address(raw="学校后门那个平房")
    )
    # an address not read is kept as said; the ticket stays another home's, joined by no report of the resident's
    assert created and (unread.address_raw, unread.place.startswith("other:")) == ("学校后门那个平房", True)
    mine, created = await _report(synced, alice, None, "我家暖气也不热了", kind=TicketKind.NO_HEAT)
    assert created and mine != cold


async def test_a_report_of_the_residents_own_home_without_an_address_is_matched_as_their_saved_flat(
    synced: Store, alice: ContactInfo
) -> None:
    alice = await contacts.update(synced, contact_id=alice.id, address=OWN)
    own, _ = await _leak(synced, alice, OWN)
    other, _ = await _leak(synced, alice, MOTHERS, "青年路小区2栋1单元101也漏水了")  # newer, another flat
    again, created = await _leak(synced, alice, None, "卫生间还在漏")
    assert (again, created) == (own, False)  # the resident's own flat, not the newest ticket
    await tickets.transition(synced, number=own, to=Status.RESOLVED, actor="staff")
    fresh, created = await _leak(synced, alice, None, "又漏了")
    assert created and fresh not in (own, other)
    assert [e.kind for e in await tickets.events(synced, number=other)] == ["opened"]


@pytest.mark.parametrize(
    ("report", "ticket", "elsewhere", "joins"),
    [
        ("", "", False, True),
        ("", "3/2/501", False, True),
        ("", "other:2/1/101", False, False),
        ("", "other:1a2b3c4d", False, False),
        ("3/2/501", "", False, True),
        ("2/1/101", "", True, False),
        ("other:", "", True, False),
        ("other:", "other:1a2b3c4d", True, False),
        ("2/1/101", "other:2/1/101", True, True),
        ("2/1/101", "other:2/1/101", False, True),
        ("2//101", "other:2/1/101", True, True),
        ("2/1/101", "other:1a2b3c4d", True, False),
        ("3/2/501", "other:2/1/101", False, False),
    ],
)
async def test_the_store_and_the_channels_join_a_report_to_the_same_tickets(
    synced: Store, alice: ContactInfo, report: str, ticket: str, elsewhere: bool, joins: bool
) -> None:
    """`TicketInfo.of_flat` (the channels' repeat checks) and the store's SQL agree on what a report joins."""
    number, _ = await _leak(synced, alice, None)
    async with synced.write() as conn:
        await conn.execute(sa.update(ticket_t).where(ticket_t.c.number == number).values(place=ticket))
    stored = await tickets.get(synced, number=number)
    assert stored is not None and stored.of_flat(report, elsewhere=elsewhere) is joins
    params = {"contact_id": alice.id, "kind": "leak", **flat_binds(report, elsewhere=elsewhere)}
    async with synced.read() as conn:
        found = (await conn.execute(_OPEN_OF_KIND, params)).first()
    assert (found is not None) is joins
