"""Residents of one flat whose reports are made one (or linked) while the flat's other tickets are written to at the
same moment, from two processes (two stores on one database): every report and address goes in, none fails, and the
flat ends with the one ticket (or the two linked) a person would expect; on both databases."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator, Awaitable

import pytest
import sqlalchemy as sa
from storage_helpers import open_for_new_contact
from test_storage_followers import T0, report

from intents.company import Company
from intents.estates import same_estate
from intents.types import Address
from storage import Store, company, contacts, outbox, tickets
from storage.db import again_on_conflict
from storage.errors import TicketNotFound
from storage.models import event_t, follower_t, ticket_t
from storage.reconcile import MERGED, MERGED_INTO, SAME_FLAT
from storage.values import Audience, Channel, ContactInfo, Priority, Status, TicketInfo, TicketKind

FLATS = ("501", "502", "601", "602")  # four flats of one stair, each reported at once by its household
HOUSEHOLD = 4  # residents of each flat whose leak was opened before they gave its address
LATECOMERS = 2  # residents of each flat who report it, address and all, while the others give theirs


def flat(room: str) -> Address:
    return Address(raw=f"红旗小区3栋2单元{room}", building="3", unit="2", room=room)


@pytest.fixture
async def stores(store: Store, demo_company: Company) -> AsyncIterator[tuple[Store, Store]]:
    """The test's store and a second process's on the same database (SQLite: one process, its writers queued)."""
    await company.sync(store, demo_company)
    other = store if store.is_sqlite else Store.from_url(store.url)
    try:
        yield store, other
    finally:
        if other is not store:
            await other.close()


async def resident(store: Store, chat: int) -> ContactInfo:
    return await contacts.get_or_create(store, channel=Channel.TELEGRAM, telegram_chat_id=chat)


async def leak(
    store: Store, demo_company: Company, who: ContactInfo, at: Address | None
) -> tuple[TicketInfo, bool]:
    """A leak reported as the channels file it: opened at once, its flat known (`at`) or to be asked (None)."""
    if at is not None:
        return await report(store, demo_company, who, at=at, kind=TicketKind.LEAK, words="暖气片漏水了")
    emergency = {"priority": Priority.EMERGENCY, "escalate": True, "escalation_reason": "leak"}
    return await open_for_new_contact(
        store, chat=who.telegram_chat_id, kind=TicketKind.LEAK, branch="chaoyang", now=T0, **emergency
    )


async def gives_address(
    store: Store, demo_company: Company, ticket: TicketInfo, at: Address, minutes: int = 5
) -> TicketInfo:
    return await tickets.update_address(
        store,
        number=ticket.number,
        contact_id=ticket.contact_id,
        address=at,
        now=T0 + dt.timedelta(minutes=minutes),
        same_estate=same_estate(at.raw, demo_company),
    )


async def at_once(*work: Awaitable[TicketInfo | tuple[TicketInfo, bool]]) -> list[object]:
    """Run it all at once; what raised is returned in its place, so that the test names every failure."""
    return list(await asyncio.gather(*work, return_exceptions=True))


async def followers_of(store: Store, ticket: TicketInfo) -> set[int]:
    async with store.read() as conn:
        query = sa.select(follower_t.c.contact_id).where(follower_t.c.ticket_id == ticket.id)
        return set((await conn.execute(query)).scalars())


async def logged(store: Store, ticket: TicketInfo, kind: str) -> list[dict[str, object]]:
    return [e.data for e in await tickets.events(store, number=ticket.number) if e.kind == kind]


async def test_a_household_giving_its_flat_at_once_while_its_first_report_is_written_to_makes_one_ticket(
    stores: tuple[Store, Store], demo_company: Company
) -> None:
    store, other = stores
    first: dict[str, TicketInfo] = {}  # each flat's first report, its flat known: the ticket the others join
    unplaced: dict[str, list[TicketInfo]] = {}  # leaks opened at once, their flat asked after
    chat = 100
    for room in FLATS:
        first[room], _ = await leak(store, demo_company, await resident(store, chat := chat + 1), flat(room))
        unplaced[room] = []
        for _ in range(HOUSEHOLD):
            ticket, _ = await leak(store, demo_company, await resident(store, chat := chat + 1), None)
            unplaced[room].append(ticket)
    latecomers = {
        room: [await resident(store, chat := chat + 1) for _ in range(LATECOMERS)] for room in FLATS
    }

    work: list[Awaitable[TicketInfo | tuple[TicketInfo, bool]]] = []
    for i, room in enumerate(FLATS):
        on = (store, other)[i % 2]  # the flats' residents reach either process
        # the first reporter tells the flat again (on the phone after the chat) while the others give theirs
        work += [gives_address(on, demo_company, first[room], flat(room), minutes=m) for m in (5, 6)]
        work += [gives_address(on, demo_company, t, flat(room)) for t in unplaced[room]]
        work += [leak(on, demo_company, who, flat(room)) for who in latecomers[room]]
    failed = [r for r in await at_once(*work) if isinstance(r, BaseException)]
    assert failed == []

    assert len(await tickets.list_tickets(store)) == len(FLATS) * (
        1 + HOUSEHOLD
    )  # the latecomers opened none
    for room in FLATS:
        kept = await tickets.get(store, number=first[room].number)
        assert kept is not None and (kept.status, kept.place) == (Status.NEW, f"3/2/{room}")
        at_flat = [t for t in await tickets.list_tickets(store) if t.place == f"3/2/{room}"]
        assert [t.number for t in at_flat if t.status is not Status.CANCELLED] == [kept.number]
        # each joined the first report once, and was cancelled as merged into it
        for ticket in unplaced[room]:
            gone = await tickets.get(store, number=ticket.number)
            assert gone is not None and gone.status is Status.CANCELLED
            assert await logged(store, ticket, MERGED_INTO) == [{"into": kept.number}]
        merged = sorted(str(data["merged"]) for data in await logged(store, kept, MERGED))
        assert merged == sorted(t.number for t in unplaced[room])
        residents = {t.contact_id for t in unplaced[room]} | {who.id for who in latecomers[room]}
        assert await followers_of(store, kept) == residents

    told = await outbox.claim(store, limit=500, now=T0 + dt.timedelta(minutes=10))
    joined = Counter(
        n.ticket_number for n in told if n.event == "ticket.merged_into" and n.audience is Audience.RESIDENT
    )
    assert joined == Counter(t.number for room in FLATS for t in unplaced[room])  # each told once


async def test_two_tickets_of_a_flat_both_acted_on_are_linked_once_though_both_are_given_the_flat_at_once(
    stores: tuple[Store, Store], demo_company: Company
) -> None:
    store, other = stores
    pairs = []
    chat = 200
    for room in FLATS:
        his, _ = await leak(store, demo_company, await resident(store, chat := chat + 1), flat(room))
        hers, _ = await leak(store, demo_company, await resident(store, chat := chat + 1), None)
        await tickets.dispatch(store, number=his.number, crew="C03", actor="staff:1", now=T0)
        await tickets.take(store, number=hers.number, assignee="staff:2", actor="staff:2", now=T0)
        pairs.append((room, his, hers))

    work = []
    for i, (room, his, hers) in enumerate(pairs):
        on = (store, other)[i % 2]
        # she gives the flat as he tells it again (twice): the two are linked once, whoever comes first
        work.append(gives_address(on, demo_company, hers, flat(room)))
        work += [gives_address(on, demo_company, his, flat(room), minutes=m) for m in (5, 6)]
    failed = [r for r in await at_once(*work) if isinstance(r, BaseException)]
    assert failed == []

    for room, his, hers in pairs:
        kept = [await tickets.get(store, number=n) for n in (his.number, hers.number)]
        assert [(t.status, t.place) for t in kept if t] == [
            (Status.DISPATCHED, f"3/2/{room}"),
            (Status.ACKNOWLEDGED, f"3/2/{room}"),
        ]
        # one link, each log naming the other
        assert await logged(store, his, SAME_FLAT) == [{"ticket": hers.number}]
        assert await logged(store, hers, SAME_FLAT) == [{"ticket": his.number}]


# PostgreSQL's own deadlock, made on purpose: SQLite has one writer at a time and never deadlocks.
@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
async def test_a_transaction_postgresql_fails_to_end_a_deadlock_is_done_again_and_other_errors_are_not(
    stores: tuple[Store, Store], demo_company: Company
) -> None:
    store, other = stores
    a, _ = await leak(store, demo_company, await resident(store, 301), flat("501"))
    b, _ = await leak(store, demo_company, await resident(store, 302), flat("502"))
    both_hold_one = asyncio.Barrier(2)
    tries: Counter[str] = Counter()

    @again_on_conflict
    async def note_both(on: Store, first: TicketInfo, second: TicketInfo) -> str:
        """Lock one ticket then the other (the two writers in opposite orders), and note on the second."""
        tries[first.number] += 1
        async with on.write() as conn:
            await conn.execute(sa.select(ticket_t.c.id).where(ticket_t.c.id == first.id).with_for_update())
            if tries[first.number] == 1:  # the first time, each holds one and asks for the other's
                await both_hold_one.wait()
            await conn.execute(sa.select(ticket_t.c.id).where(ticket_t.c.id == second.id).with_for_update())
            values = {"ticket_id": second.id, "kind": "note", "actor": "test", "data": {}, "created_at": T0}
            await conn.execute(sa.insert(event_t).values(values))
        return second.number

    assert sorted(await asyncio.gather(note_both(store, a, b), note_both(other, b, a))) == sorted(
        (a.number, b.number)
    )
    assert sorted(tries.values()) == [1, 2]  # one was failed to end the deadlock, and done again
    assert [len(await logged(store, t, "note")) for t in (a, b)] == [1, 1]

    @again_on_conflict
    async def not_found() -> TicketInfo:
        tries["missing"] += 1
        return await tickets.update_address(store, number="9999999", contact_id=None, address=flat("501"))

    with pytest.raises(TicketNotFound):
        await not_found()
    assert tries["missing"] == 1
